package io.countersign.ui.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureClock;
import io.countersign.ui.fixtures.FixtureRequests;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@UiSliceTest
@WithMockUser(FixtureViewers.APPROVER)
class RequestPageTests {

    private static final String CRITICAL = "/requests/" + FixtureRequests.CRITICAL;

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureRequests requests;

    @BeforeEach
    void resetRequests() {
        requests.reset();
    }

    @Test
    void highlightsDestructiveActionsOnly() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select(".actions-table tbody").stream().map(body -> body.hasClass("is-destructive")))
                .containsExactly(true, false);
        assertThat(page.select(".actions-table tbody.is-destructive .op").text()).isEqualTo("RECREATE");
        assertThat(page.select(".actions-table tbody.is-destructive .flag-destructive").text()).isEqualTo("Destructive");
    }

    @Test
    void showsCommandsVerbatimTierReasonAndPlanHash() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("pre.code").first().wholeText()).isEqualTo(
                "stack delete cost-explorer-cn-north-1 --force\n"
                        + "stack create cost-explorer-cn-north-1 --template templates/cost-explorer.yaml");
        assertThat(page.select("#risk-heading + p").text()).startsWith("Destructive operation in production");
        assertThat(page.select(".hash code").text()).startsWith("9f2c4b1e");
        assertThat(page.select(".approvals li").text()).contains("bob", "Snapshot verified");
    }

    @Test
    void passesTheActiveElementIdsToTheDiagram() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("#process-diagram").attr("data-active")).isEqualTo("message_catch_event_decision");
        assertThat(page.select("#process-diagram").attr("data-xml-url")).isEqualTo("/process-diagram.bpmn");
        assertThat(page.select("script[src]").eachAttr("src"))
                .contains("/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js");
    }

    @Test
    void servesTheProcessDiagramXml() throws Exception {
        mvc.perform(get("/process-diagram.bpmn"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("message_catch_event_decision")));
    }

    @Test
    void offersExactlyTheAllowedDecisions() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("button[name=decision]").eachAttr("value"))
                .containsExactly("APPROVE", "REJECT", "REQUEST_CHANGES");
        assertThat(page.select("label[for=comment]")).hasSize(1);
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void theRequesterSeesNoDecisionButtons() throws Exception {
        assertNoDecisionForm(page(CRITICAL));
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void anAuditorSeesNoDecisionButtons() throws Exception {
        assertNoDecisionForm(page(CRITICAL));
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void anAuditorWhoPostsADecisionAnywayIsForbiddenAndNothingIsRecorded() throws Exception {
        mvc.perform(post(CRITICAL + "/decision").param("decision", "APPROVE").param("comment", "fine").with(csrf()))
                .andExpect(status().isForbidden());

        assertThat(requests.decisionsTaken()).isEmpty();
    }

    @Test
    void aClosedRequestSaysSoInsteadOfOfferingDecisions() throws Exception {
        Document page = page("/requests/" + FixtureRequests.CLOSED);

        assertNoDecisionForm(page);
        assertThat(page.select(".no-decision").text()).isEqualTo("No decision is open: the request is executed.");
    }

    @Test
    void anApprovalIsRecordedAndTheApproverIsToldWhoseApprovalsCompletedIt() throws Exception {
        mvc.perform(post(CRITICAL + "/decision").param("decision", "APPROVE").param("comment", " Rollback tested ")
                        .with(csrf()))
                .andExpect(redirectedUrl(CRITICAL))
                .andExpect(flash().attribute("notice",
                        "Approved by bob (sre) and ann (cost-explorer-approvers): the approval is complete."));

        assertThat(requests.decisionsTaken()).containsExactly("CR-1042:ann:APPROVE:Rollback tested");
    }

    @Test
    void aRefusedDecisionReRendersThePageWithTheReasonAndKeepsTheComment() throws Exception {
        requests.refuseNextDecisionWith("You requested this plan; someone else must approve it.");

        Document page = Jsoup.parse(mvc.perform(post(CRITICAL + "/decision").param("decision", "APPROVE")
                        .param("comment", "ok by me").with(csrf()))
                .andExpect(status().isConflict())
                .andReturn().getResponse().getContentAsString());

        assertThat(page.select(".flash-problem").text())
                .isEqualTo("Not done. You requested this plan; someone else must approve it.");
        assertThat(page.select("#comment").text()).isEqualTo("ok by me");
        assertThat(requests.decisionsTaken()).isEmpty();
    }

    @Test
    void aDecisionAfterTheApprovalConcludedShowsWhatWasConcludedByWhomAndWhenInTheDecisionCard() throws Exception {
        requests.refuseNextDecisionAsConcluded("This approval is already concluded: rejected by carol.",
                new DecisionRefused.Concluded("Rejected", "carol", FixtureClock.NOW.minusSeconds(30)));

        Document page = Jsoup.parse(mvc.perform(post(CRITICAL + "/decision").param("decision", "APPROVE")
                        .param("comment", "ok by me").with(csrf()))
                .andExpect(status().isConflict())
                .andReturn().getResponse().getContentAsString());

        assertThat(page.select(".decision-card .decision-refused").text())
                .contains("Your decision was not recorded.", "rejected by carol", "Concluded: Rejected by carol");
        assertThat(page.select(".decision-refused time").attr("datetime")).isNotBlank();
        assertThat(requests.decisionsTaken()).isEmpty();
    }

    @Test
    void aRequiredCommentThatIsMissingIsShownNextToTheCommentBox() throws Exception {
        Document page = Jsoup.parse(mvc.perform(post("/requests/" + FixtureRequests.MEDIUM + "/decision")
                        .param("decision", "REJECT").param("comment", "  ").with(csrf()))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString());

        assertThat(page.select("#comment-error").text()).isEqualTo("A comment is required to reject this plan.");
        assertThat(page.select("#comment").attr("aria-describedby")).contains("comment-error");
        assertThat(requests.decisionsTaken()).isEmpty();
    }

    @Test
    void aPlainApprovalOfAMediumPlanNeedsNoComment() throws Exception {
        mvc.perform(post("/requests/" + FixtureRequests.MEDIUM + "/decision").param("decision", "APPROVE")
                        .with(csrf()))
                .andExpect(redirectedUrl("/requests/" + FixtureRequests.MEDIUM));

        assertThat(requests.decisionsTaken()).containsExactly("CR-1040:ann:APPROVE:null");
    }

    @Test
    void saysWhatTheTierRequiresWhatIsInAndWhatIsStillMissing() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("#requirement").text()).isEqualTo("2 people: 1 from cost-explorer-approvers, 1 from sre");
        assertThat(page.select(".approval-count").text()).isEqualTo("1 of 2 required approvals in");
        assertThat(page.select(".group-needs li").eachText())
                .containsExactly("○ cost-explorer-approvers: nobody yet", "✓ sre: bob");
        assertThat(page.select("#still-needed").text()).isEqualTo("Still needs 1 from cost-explorer-approvers.");
    }

    @Test
    void showsTheClaimTheExpiryAndTheApprovalWindow() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("#claimed-by").text()).isEqualTo("Claimed by ann.");
        assertThat(page.select("#expires-at").attr("datetime")).isEqualTo(FixtureClock.NOW.plusSeconds(22 * 3600).toString());
        assertThat(page.select("#approval-window").text()).isEqualTo("runs within 8h 00m of approval");
    }

    @Test
    void theApproveButtonNamesWhatItApproves() throws Exception {
        assertThat(page(CRITICAL).select("button[value=APPROVE]").text())
                .isEqualTo("Approve RECREATE cost-explorer-cn-north-1 in cn-north-1 and 1 more action");
        assertThat(page("/requests/" + FixtureRequests.MEDIUM).select("button[value=APPROVE]").text())
                .isEqualTo("Approve SCALE checkout-workers in eu-west-1");
    }

    @Test
    void summarisesWhatThePlanDoesAndColoursDiffsLineByLine() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("#change-summary").text()).isEqualTo("1 to recreate, 1 to change");
        assertThat(page.select("pre.code-diff .diff-line").eachAttr("class"))
                .containsExactly("diff-line diff-removed", "diff-line diff-added");
        assertThat(page.select(".diff-stat").text()).isEqualTo("+1 −1");
    }

    @Test
    @WithMockUser(FixtureViewers.SECOND_APPROVER)
    void theApproverWhoAlreadyDecidedIsToldWhyNothingIsOfferedAndWhatIsStillNeeded() throws Exception {
        Document page = page(CRITICAL);

        assertNoDecisionForm(page);
        assertThat(page.select(".no-decision").text())
                .isEqualTo("You already decided on this plan; it still needs 1 from cost-explorer-approvers.");
    }

    @Test
    void htmxPollsOnlyTheDecisionStateAndUpdatesTheStatusOutOfBand() throws Exception {
        Document live = Jsoup.parse(mvc.perform(get(CRITICAL).header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());

        assertThat(live.select("h1")).as("not the whole page").isEmpty();
        assertThat(live.select("#live-state").attr("hx-get")).isEqualTo(CRITICAL);
        assertThat(live.select("#live-state").attr("hx-trigger")).isEqualTo("every 5s");
        assertThat(live.select("#request-status[hx-swap-oob]").text()).isEqualTo("Pending approval");
        assertThat(live.select("#decision-form-slot")).as("the approver may still decide: the form stays").isEmpty();
        assertThat(live.select("#still-needed").text()).isEqualTo("Still needs 1 from cost-explorer-approvers.");
    }

    @Test
    @WithMockUser(FixtureViewers.SECOND_APPROVER)
    void onceNothingIsOpenToTheViewerThePollRemovesTheDecisionFormToo() throws Exception {
        Document live = Jsoup.parse(mvc.perform(get(CRITICAL).header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());

        assertThat(live.select("#decision-form-slot[hx-swap-oob]")).hasSize(1);
        assertThat(live.select("#decision-form-slot").first().children()).isEmpty();
        assertThat(live.select("#no-decision").text())
                .isEqualTo("You already decided on this plan; it still needs 1 from cost-explorer-approvers.");
    }

    @Test
    void aDecisionWithoutCsrfTokenIsForbiddenAndRecordsNothing() throws Exception {
        mvc.perform(post(CRITICAL + "/decision").param("decision", "APPROVE").param("comment", "fine"))
                .andExpect(status().isForbidden());

        assertThat(requests.decisionsTaken()).isEmpty();
    }

    @Test
    void anUnknownRequestIsANotFoundPage() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/requests/CR-0000"))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString());

        assertThat(page.select("h1").text()).isEqualTo("No change request CR-0000");
        assertThat(page.select("header .who__name").text()).isEqualTo("Ann Approver");
    }

    @Test
    void decidingOnAnUnknownRequestIsANotFoundPage() throws Exception {
        mvc.perform(post("/requests/CR-0000/decision").param("decision", "APPROVE").with(csrf()))
                .andExpect(status().isNotFound());
    }

    private Document page(String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private static void assertNoDecisionForm(Document page) {
        assertThat(page.select("form.decision-form")).isEmpty();
        assertThat(page.select("button[name=decision]")).isEmpty();
        assertThat(page.select(".no-decision")).hasSize(1);
    }
}
