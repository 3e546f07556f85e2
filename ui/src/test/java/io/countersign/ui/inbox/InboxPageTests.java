package io.countersign.ui.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureInbox;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@UiSliceTest
@WithMockUser(FixtureViewers.APPROVER)
class InboxPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureInbox inbox;

    @BeforeEach
    void resetInbox() {
        inbox.reset();
    }

    @Test
    void listsWhatNeedsTheViewerFirstThenWhatWaitsOnOthersEachRiskiestTierFirstThenOverdueThenDueSoonest()
            throws Exception {
        Document page = page("/");

        assertThat(page.select("#needs-you tbody tr").eachAttr("data-task-id")).containsExactly("T-3", "T-5", "T-4", "T-1");
        assertThat(page.select("#waiting-on-others tbody tr").eachAttr("data-task-id")).containsExactly("T-2");
        assertThat(page.select(".inbox-section h2").eachText()).containsExactly("Needs you 4", "Waiting on others 1");
    }

    @Test
    void aPlanWaitingOnOthersSaysWhyAndWhatItNeedsAndOffersNoClaim() throws Exception {
        Element waiting = row(page("/"), "T-2");

        assertThat(waiting.select(".why-not-you").text())
                .isEqualTo("You already decided on this plan; it still needs 1 from sre.");
        assertThat(waiting.select(".still-needed").text()).isEqualTo("needs 1 from sre");
        assertThat(waiting.select("button")).isEmpty();
    }

    @Test
    void eachRowShowsItsOperationsAndFlagsDestructiveOnes() throws Exception {
        Document page = page("/");

        assertThat(row(page, "T-4").select(".inbox-ops").text()).isEqualTo("DROP Destructive");
        assertThat(row(page, "T-2").select(".inbox-ops").text()).isEqualTo("RECREATE UPDATE Destructive");
        assertThat(row(page, "T-1").select(".inbox-ops").text()).isEqualTo("SCALE");
    }

    @Test
    void showsTimeToEscalationAndToExpiryInWords() throws Exception {
        Document page = page("/");

        assertThat(row(page, "T-2").select(".cell-sla").text()).isEqualTo("SLA overdue by 35m Escalated expires in 22h 00m");
        assertThat(row(page, "T-2").hasClass("is-overdue")).isTrue();
        assertThat(row(page, "T-5").select(".cell-sla").text()).isEqualTo("SLA due in 10m expires in 22h 30m");
    }

    @Test
    void appliesTierServiceAndEnvironmentFilters() throws Exception {
        assertThat(page("/?tier=CRITICAL").select("tbody tr").eachAttr("data-task-id")).containsExactly("T-3", "T-2");
        assertThat(page("/?service=checkout&environment=production").select("tbody tr").eachAttr("data-task-id"))
                .containsExactly("T-5", "T-1");
        assertThat(page("/?tier=LOW").select(".empty").text()).contains("No approvals match these filters");
    }

    @Test
    void offersClaimOnlyOnUnclaimedTasksAndUnclaimOnTheViewersOwn() throws Exception {
        Document page = page("/");

        assertThat(row(page, "T-1").select("button").text()).startsWith("Claim");
        assertThat(row(page, "T-4").select("button").text()).startsWith("Unclaim");
        assertThat(row(page, "T-3").select("button")).isEmpty();
        assertThat(row(page, "T-3").text()).contains("Claimed by bob");
    }

    @Test
    void claimingRecordsTheClaimAndReturnsToTheFilteredInbox() throws Exception {
        mvc.perform(post("/tasks/T-1/claim").param("tier", "MEDIUM").with(csrf()))
                .andExpect(redirectedUrl("/?tier=MEDIUM"))
                .andExpect(flash().attributeExists("notice"));

        assertThat(inbox.claimedBy("T-1")).isEqualTo(FixtureViewers.APPROVER);
    }

    @Test
    void aRefusedClaimShowsTheServicesReason() throws Exception {
        mvc.perform(post("/tasks/T-3/claim").with(csrf()))
                .andExpect(redirectedUrl("/"))
                .andExpect(flash().attribute("problem", "bob already claimed this task."));
    }

    @Test
    void claimWithoutCsrfTokenIsForbiddenAndChangesNothing() throws Exception {
        mvc.perform(post("/tasks/T-1/claim")).andExpect(status().isForbidden());

        assertThat(inbox.claimedBy("T-1")).isNull();
    }

    @Test
    void htmxRefreshGetsOnlyTheTableThatPollsWithTheSameFilters() throws Exception {
        String body = mvc.perform(get("/").param("tier", "HIGH").header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document fragment = Jsoup.parseBodyFragment(body);

        assertThat(body).doesNotContain("<header");
        assertThat(fragment.select("#inbox-results").attr("hx-get")).isEqualTo("/?tier=HIGH");
        assertThat(fragment.select("#inbox-results").attr("hx-trigger")).isEqualTo("every 10s");
        assertThat(fragment.select("tbody tr")).hasSize(2);
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void sendsAnEngineerWhoApprovesNothingToTheirRequests() throws Exception {
        mvc.perform(get("/")).andExpect(redirectedUrl("/my-requests"));
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void someoneWhoIsNoApproverCannotClaim() throws Exception {
        mvc.perform(post("/tasks/T-1/claim").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/tasks/T-1/unclaim").with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    @WithAnonymousUser
    void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/")).andExpect(redirectedUrlPattern("**/login"));
    }

    private Document page(String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private static Element row(Document page, String taskId) {
        return page.selectFirst("tr[data-task-id=" + taskId + "]");
    }
}
