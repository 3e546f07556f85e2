package io.countersign.ui.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureRequests;
import io.countersign.ui.fixtures.FixtureStalls;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@UiSliceTest
@WithMockUser(FixtureViewers.APPROVER)
class StalledRequestPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureStalls stalls;

    @BeforeEach
    void resetStalls() {
        stalls.reset();
    }

    @Test
    void aStalledRequestSaysSinceWhenAndWhyAndThatAnAdminCanRetryOrCloseIt() throws Exception {
        Document page = page("/requests/" + FixtureStalls.STALLED);

        assertThat(page.select("#stall-banner").attr("role")).isEqualTo("alert");
        assertThat(page.select("#stall-banner").text()).isEqualTo("Stalled since 2025-12-03 09:40 UTC: "
                + FixtureStalls.REASON + ". An admin can retry or close it.");
    }

    @Test
    void aRequestThatIsNotStalledHasNoBanner() throws Exception {
        assertThat(page("/requests/" + FixtureRequests.CRITICAL).select("#stall-banner")).isEmpty();
    }

    @Test
    void theInboxMarksTheStalledRowAndSaysADecisionCannotMoveIt() throws Exception {
        Document inbox = page("/");

        assertThat(inbox.select("tr[data-task-id=T-1] .flag-stalled").text()).isEqualTo("Stalled");
        assertThat(inbox.select("tr[data-task-id=T-1] .flag-stalled").attr("title")).isEqualTo(FixtureStalls.REASON);
        assertThat(inbox.select(".flag-stalled")).hasSize(1);
        assertThat(inbox.select("#inbox-stalled").text()).isEqualTo("1 open approval is stalled: the workflow cannot"
                + " move it on, whatever you decide. An admin can retry or close it.");
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
