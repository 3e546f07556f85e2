package io.countersign.ui.notify;

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

/** The pages' share of notifications: the tab's count, what is new in the inbox, the admin's delivery list. */
@UiSliceTest
class NotificationPageTests {

    @Autowired
    MockMvc mvc;

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void approversPagesCarryTheirOpenApprovalCountForTheTabTitle() throws Exception {
        Document page = page("/");

        assertThat(page.select("meta[name=countersign-open-approvals]").attr("content")).isEqualTo("3");
        assertThat(page.select("script[src$=tab-count.js]")).hasSize(1);
    }

    @Test
    @WithMockUser(FixtureViewers.SECOND_APPROVER)
    void inboxSaysWhatIsNewOnlyAfterAFirstLook() throws Exception {
        assertThat(page("/").select("#inbox-new-since")).isEmpty();

        assertThat(page("/").select("#inbox-new-since").text()).contains("since you last looked");
    }

    @Test
    @WithMockUser(FixtureViewers.ADMIN)
    void adminPageListsNotificationsWithTheirStateAndLastError() throws Exception {
        Document page = page("/admin");

        assertThat(page.select("#notifications tbody tr").eachAttr("data-state")).containsExactly("SENT", "QUEUED");
        assertThat(page.select("#notifications").text()).contains("bob@countersign.test", "the chat webhook answered 500");
        assertThat(page.select("meta[name=countersign-open-approvals]")).as("an admin is no approver").isEmpty();
    }

    private Document page(String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
