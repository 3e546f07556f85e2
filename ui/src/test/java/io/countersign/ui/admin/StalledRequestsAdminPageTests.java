package io.countersign.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
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
@WithMockUser(FixtureViewers.ADMIN)
class StalledRequestsAdminPageTests {

    private static final String ROW = "#stalled-requests tr[data-request-id=" + FixtureStalls.STALLED + "]";

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureStalls stalls;

    @BeforeEach
    void resetStalls() {
        stalls.reset();
    }

    @Test
    void listsStalledRequestsWithRetryAndACloseThatAsksForAReason() throws Exception {
        Document page = admin();

        assertThat(page.select(ROW + " .step").text()).isEqualTo("approve-request");
        assertThat(page.select(ROW + " .reason").text()).isEqualTo(FixtureStalls.REASON);
        assertThat(page.select(ROW + " .retry-form").attr("action"))
                .isEqualTo("/admin/stalled-requests/" + FixtureStalls.STALLED + "/retry");
        assertThat(page.select(ROW + " .close-form").attr("action"))
                .isEqualTo("/admin/stalled-requests/" + FixtureStalls.STALLED + "/close");
        assertThat(page.select(ROW + " .close-form input[name=reason]").hasAttr("required")).isTrue();
    }

    @Test
    void retryingSaysWhatHappensNextAndTheRequestLeavesTheList() throws Exception {
        mvc.perform(post("/admin/stalled-requests/" + FixtureStalls.STALLED + "/retry").with(csrf()))
                .andExpect(redirectedUrl("/admin"))
                .andExpect(flash().attribute("notice", "Retried " + FixtureStalls.STALLED + ". The engine runs the"
                        + " step again; if it is refused again, the request shows as stalled again."));

        assertThat(stalls.actions()).containsExactly("retry " + FixtureStalls.STALLED);
        assertThat(admin().select("#stalled-requests").text()).contains("None.");
    }

    @Test
    void closingWithoutAReasonIsRefusedAndChangesNothing() throws Exception {
        mvc.perform(post("/admin/stalled-requests/" + FixtureStalls.STALLED + "/close").with(csrf())
                        .param("reason", "  "))
                .andExpect(redirectedUrl("/admin"))
                .andExpect(flash().attribute("problem",
                        "Say why you close " + FixtureStalls.STALLED + "; the reason is recorded."));

        assertThat(stalls.actions()).isEmpty();
        assertThat(admin().select(ROW)).hasSize(1);
    }

    @Test
    void closingPassesTheTrimmedReasonAndARefusalIsShownAsIs() throws Exception {
        String close = "/admin/stalled-requests/" + FixtureStalls.STALLED + "/close";
        mvc.perform(post(close).with(csrf()).param("reason", " forged approval message "))
                .andExpect(flash().attribute("notice", "Closed " + FixtureStalls.STALLED
                        + " for good. The requester sees it as rejected, with your reason."));
        mvc.perform(post(close).with(csrf()).param("reason", "again"))
                .andExpect(flash().attribute("problem",
                        "Not done: request " + FixtureStalls.STALLED + " is not stalled."));

        assertThat(stalls.actions()).containsExactly("close " + FixtureStalls.STALLED + ": forged approval message");
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void onlyAdminsRetryOrClose() throws Exception {
        mvc.perform(post("/admin/stalled-requests/" + FixtureStalls.STALLED + "/retry").with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/stalled-requests/" + FixtureStalls.STALLED + "/close").with(csrf())
                .param("reason", "x")).andExpect(status().isForbidden());
        assertThat(stalls.actions()).isEmpty();
    }

    private Document admin() throws Exception {
        return Jsoup.parse(mvc.perform(get("/admin")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
