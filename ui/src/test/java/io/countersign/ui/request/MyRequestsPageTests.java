package io.countersign.ui.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@UiSliceTest
@WithMockUser(FixtureViewers.ENGINEER)
class MyRequestsPageTests {

    @Autowired
    MockMvc mvc;

    @Test
    void listsTheEngineersRequestsWithStatusBadgesAndLinks() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/my-requests")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        assertThat(page.select("tbody tr")).hasSize(6);
        assertThat(page.select("tbody tr").first().select(".status").text()).isEqualTo("Submitted");
        assertThat(page.select(".status.status-bad").text()).isEqualTo("Rejected");
        assertThat(page.select("tbody a").eachAttr("href")).contains("/requests/CR-1042");
    }

    @Test
    void htmxRefreshGetsOnlyTheTable() throws Exception {
        String body = mvc.perform(get("/my-requests").header("HX-Request", "true")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("<header").contains("id=\"my-requests-results\"", "hx-trigger=\"every 10s\"");
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void isForbiddenToSomeoneWhoIsNotAnEngineer() throws Exception {
        mvc.perform(get("/my-requests")).andExpect(status().isForbidden());
    }
}
