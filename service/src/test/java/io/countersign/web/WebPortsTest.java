package io.countersign.web;

import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.security.UserDirectory;
import io.countersign.support.AppTest;
import io.countersign.ui.inbox.ClaimRefused;
import io.countersign.ui.request.DecisionRefused;
import io.countersign.ui.request.RequestView;
import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.RequestStatus;
import io.countersign.ui.shared.Viewer;
import io.countersign.ui.submit.FieldProblem;
import io.countersign.ui.submit.PlanDraft;
import io.countersign.ui.submit.SubmissionResult;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetails;

/** The ui ports over the real services: what a page may offer is what the server takes, and nothing more. */
class WebPortsTest extends AppTest {

    @Autowired
    WebViewers viewers;
    @Autowired
    WebRequests requests;
    @Autowired
    WebSubmissions submissions;
    @Autowired
    WebInbox inbox;
    @Autowired
    UserDirectory users;

    @Test
    void offersEachPersonExactlyTheDecisionsTheServerWouldTake() {
        String id = submit(recreateProductionEnvironment("alice"));

        assertThat(allowed("alice", id)).as("the requester").isEmpty();
        assertThat(allowed("erin", id)).as("an auditor").isEmpty();
        assertThat(allowed("admin", id)).as("an admin outside the routed groups").isEmpty();
        assertThat(allowed("bob", id)).containsExactlyInAnyOrder(Decision.values());
        assertThat(requests.find(viewer("bob"), id).orElseThrow().commentRequiredFor())
                .as("CRITICAL: a reason for every decision").containsExactlyInAnyOrder(Decision.values());

        assertThatThrownBy(() -> requests.decide(viewer("alice"), id, Decision.APPROVE, "mine, fine"))
                .isInstanceOf(DecisionRefused.class)
                .hasMessage("alice requested this plan and cannot decide on it; another approver must.");
        assertThatThrownBy(() -> requests.decide(viewer("erin"), id, Decision.APPROVE, "audited"))
                .isInstanceOf(DecisionRefused.class);

        requests.decide(viewer("bob"), id, Decision.APPROVE, "snapshot verified");
        assertThat(allowed("bob", id)).as("one decision per person").isEmpty();
        assertThatThrownBy(() -> requests.decide(viewer("bob"), id, Decision.APPROVE, "again"))
                .isInstanceOf(DecisionRefused.class).hasMessageContaining("already decided");
        assertThat(allowed("dave", id)).containsExactlyInAnyOrder(Decision.values());
    }

    @Test
    void mediumPlanNeedsACommentOnlyToRejectOrRequestChanges() {
        String id = submit(productionRestart("alice"));

        RequestView view = requests.find(viewer("bob"), id).orElseThrow();

        assertThat(view.commentRequiredFor()).containsExactlyInAnyOrder(Decision.REJECT, Decision.REQUEST_CHANGES);
        assertThat(view.status()).isEqualTo(RequestStatus.PENDING_APPROVAL);
        assertThat(view.activeElementIds()).containsExactly(Elements.CATCH_DECISION);
        assertThat(view.timeline()).extracting(e -> e.event()).startsWith("SUBMITTED").contains("TASK_OPENED");
        assertThat(view.slaDueAt()).isAfter(view.submittedAt());
    }

    @Test
    void aRequestOutsideSomeonesGroupsDoesNotExistForThem() {
        String id = submit(productionRestart("alice"));

        assertThat(requests.find(viewer("dave"), id)).as("MEDIUM goes to the owning team, not SRE").isEmpty();
        assertThat(requests.find(viewer("erin"), id)).isPresent();
        assertThat(inbox.openApprovals(viewer("bob"))).anyMatch(item -> item.requestId().equals(id));
        assertThat(inbox.openApprovals(viewer("dave"))).noneMatch(item -> item.requestId().equals(id));
    }

    @Test
    void aClaimedApprovalCannotBeClaimedByAColleagueUntilReleased() {
        String id = submit(productionRestart("alice"));
        String task = inbox.openApprovals(viewer("bob")).stream().filter(i -> i.requestId().equals(id))
                .findFirst().orElseThrow().taskId();

        inbox.claim(viewer("bob"), task);

        assertThatThrownBy(() -> inbox.claim(viewer("carol"), task)).isInstanceOf(ClaimRefused.class)
                .hasMessage("Someone else has already claimed this approval.");
        assertThatThrownBy(() -> inbox.unclaim(viewer("carol"), task)).isInstanceOf(ClaimRefused.class);
        assertThatThrownBy(() -> inbox.claim(viewer("dave"), task)).isInstanceOf(ClaimRefused.class)
                .hasMessage("This approval is not routed to any of your groups.");
        assertThat(inbox.openApprovals(viewer("carol"))).filteredOn(i -> i.taskId().equals(task))
                .singleElement().satisfies(i -> assertThat(i.claimedBy()).isEqualTo("bob"));
        inbox.unclaim(viewer("bob"), task);
        inbox.claim(viewer("carol"), task);
    }

    @Test
    void aClosedRequestOffersNothingAndPointsAtItsEndEvent() {
        String id = submit(productionRestart("alice"));
        requests.decide(viewer("bob"), id, Decision.REJECT, "not during the freeze");

        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(requests.find(viewer("alice"), id).orElseThrow().status())
                        .isEqualTo(RequestStatus.REJECTED));
        RequestView closed = requests.find(viewer("carol"), id).orElseThrow();
        assertThat(closed.allowedDecisions()).isEmpty();
        assertThat(closed.activeElementIds()).containsExactly(Elements.END_REJECTED);
        assertThat(requests.myRequests(viewer("alice"))).anyMatch(s -> s.id().equals(id)
                && s.status() == RequestStatus.REJECTED);
    }

    @Test
    void aFormPlanGetsTheApisMessagesAtTheApisJsonPaths() {
        PlanDraft draft = new PlanDraft(null, "why", "cost-explorer", "production",
                List.of(new PlanDraft.ActionDraft("RESTART", "deployment", null, "EVERYWHERE", List.of("eu-west-1"),
                        true, "restart", null)));

        SubmissionResult result = submissions.submit(viewer("alice"), draft);

        assertThat(result).isInstanceOf(SubmissionResult.Rejected.class);
        assertThat(((SubmissionResult.Rejected) result).problems()).containsExactly(
                new FieldProblem("actions[0].resource", "must not be blank"),
                new FieldProblem("actions[0].scope", "must be one of RESOURCE, REGION, MULTI_REGION, GLOBAL"),
                new FieldProblem("title", "must not be blank"));
    }

    @Test
    void aPastedPlanIsReadLikeTheApiBodyAndMayNotNameSomeoneElse() {
        String unknownField = """
                {"title": "t", "justification": "j", "service": "cost-explorer", "environment": "production",
                 "actions": [{"operation": "RESTART", "colour": "red"}]}""";
        String someoneElse = """
                {"title": "t", "justification": "j", "requestedBy": "bob", "service": "cost-explorer",
                 "environment": "production", "actions": [{"operation": "RESTART", "resourceType": "deployment",
                 "resource": "api", "scope": "RESOURCE", "reversible": true, "command": "restart"}]}""";

        assertThat(problems(submissions.submitJson(viewer("alice"), unknownField)))
                .containsExactly(new FieldProblem("actions[0].colour", "is not a known field"));
        assertThat(problems(submissions.submitJson(viewer("alice"), "{not json")))
                .singleElement().satisfies(p -> assertThat(p.field()).isEmpty());
        assertThat(problems(submissions.submitJson(viewer("alice"), someoneElse)))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("requestedBy"));
        assertThat(submissions.submitJson(viewer("alice"), someoneElse.replace("\"requestedBy\": \"bob\",", "")))
                .as("the requester defaults to the viewer").isInstanceOf(SubmissionResult.Accepted.class);
    }

    private Set<Decision> allowed(String user, String requestId) {
        return requests.find(viewer(user), requestId).map(RequestView::allowedDecisions).orElse(Set.of());
    }

    private Viewer viewer(String username) {
        UserDetails user = users.loadUserByUsername(username);
        return viewers.resolve(UsernamePasswordAuthenticationToken.authenticated(username, null,
                user.getAuthorities()), "127.0.0.1");
    }

    private String submit(Map<String, Object> plan) {
        var response = as("alice").post("/api/v1/change-requests", plan);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.text("status")).isIn("SUBMITTED", "CLASSIFIED", "PENDING_APPROVAL");
        awaitStatus("alice", response.text("id"), "PENDING_APPROVAL");
        return response.text("id");
    }

    private static List<FieldProblem> problems(SubmissionResult result) {
        assertThat(result).isInstanceOf(SubmissionResult.Rejected.class);
        return ((SubmissionResult.Rejected) result).problems();
    }
}
