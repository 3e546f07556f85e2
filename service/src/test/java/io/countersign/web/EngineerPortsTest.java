package io.countersign.web;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.RequestStatus;
import io.countersign.security.UserDirectory;
import io.countersign.support.AppTest;
import io.countersign.ui.admin.UncoveredGroup;
import io.countersign.ui.request.WithdrawRefused;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Tier;
import io.countersign.ui.shared.Viewer;
import io.countersign.ui.submit.FieldProblem;
import io.countersign.ui.submit.PlanDraft;
import io.countersign.ui.submit.PolicyPreview;
import io.countersign.ui.submit.SubmissionResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetails;

/** The engineer's ports over the real services: agent identity, routing warnings, withdraw, revise, dry run. */
class EngineerPortsTest extends AppTest {

    private static final String PLATFORM_GAP = "Nobody can approve for platform-approvers: it has no enabled "
            + "approver. The plan will wait until it expires unless an admin adds someone to platform-approvers.";

    @Autowired
    WebViewers viewers;
    @Autowired
    WebSubmissions submissions;
    @Autowired
    WebRequesterActions requesterActions;
    @Autowired
    WebTeams teams;
    @Autowired
    ChangeRequests requests;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void aPersonOnTheWebCannotNameAnAgentEvenInAPastedPlanAndNothingIsStored() throws Exception {
        long before = requestRows();
        String pasted = json.writeValueAsString(restartOf("cost-explorer", "alice"));

        SubmissionResult result = submissions.submitJson(viewer("alice"), pasted);

        assertThat(result).isEqualTo(new SubmissionResult.Rejected(List.of(new FieldProblem("agent",
                "is set by an agent token only; a person submitting on the web cannot name an agent"))));
        assertThat(requestRows()).isEqualTo(before);
        assertThat(asAgent("kiro-7", "alice").post("/api/v1/change-requests", restartOf("cost-explorer", "alice"))
                .status()).as("the agent's own token still names it").isEqualTo(201);
    }

    @Test
    void aPlanRoutedToAGroupWithNoApproverIsWarnedOfAtSubmitOnItsPageAndOnTheAdminPage() {
        SubmissionResult result = submissions.submit(viewer("alice"), restartDraft("billing", null));

        assertThat(result).isInstanceOf(SubmissionResult.Accepted.class);
        SubmissionResult.Accepted accepted = (SubmissionResult.Accepted) result;
        assertThat(accepted.warnings()).containsExactly(PLATFORM_GAP);
        assertThat(requesterActions.panel(viewer("alice"), accepted.requestId()).approverGaps())
                .containsExactly(PLATFORM_GAP);
        assertThat(teams.uncoveredGroups()).contains(new UncoveredGroup("platform-approvers",
                "owning team of every service not in the directory"));
        assertThat(teams.uncoveredGroups()).extracting(UncoveredGroup::group)
                .doesNotContain("cost-explorer-approvers", "sre");
    }

    @Test
    void aGroupWhoseOnlyApproverIsTheRequesterIsWarnedOfButNotForSomeoneElse() {
        // The demo's sre has dave alone; other tests in this context add SREs, so they step aside for this one.
        List<String> otherSres = users.approversIn("sre").stream().map(n -> n.value())
                .filter(name -> !name.equals("dave")).toList();
        otherSres.forEach(name -> enabled(name, false));
        try {
            Map<String, Object> irreversible = plan("dave", "production", action("UPDATE", "RESOURCE", false));
            irreversible.remove("agent");

            PolicyPreview byDave = submissions.check(viewer("dave"), draftOf(irreversible));
            irreversible.put("requestedBy", "alice");
            PolicyPreview byAlice = submissions.check(viewer("alice"), draftOf(irreversible));

            assertThat(byDave).isInstanceOf(PolicyPreview.Checked.class);
            assertThat(((PolicyPreview.Checked) byDave).tier()).isEqualTo(Tier.HIGH);
            assertThat(((PolicyPreview.Checked) byDave).warnings()).containsExactly("Nobody can approve for sre: it "
                    + "has no enabled approver other than the requesting side (dave). The plan will wait until it "
                    + "expires unless an admin adds someone to sre.");
            assertThat(((PolicyPreview.Checked) byAlice).warnings()).isEmpty();
        } finally {
            otherSres.forEach(name -> enabled(name, true));
        }
    }

    private void enabled(String username, boolean enabled) {
        jdbc.sql("update app_user set enabled = ? where username = ?").params(enabled, username).update();
    }

    @Test
    void theDryRunAnswersTierRuleApproversAndTimersAndStoresNothing() {
        long before = requestRows();
        Map<String, Object> recreate = plan("alice", "production", action("RECREATE", "REGION", false, "cn-north-1"));

        PolicyPreview preview = submissions.check(viewer("alice"), draftOf(recreate));

        assertThat(preview).isInstanceOf(PolicyPreview.Checked.class);
        PolicyPreview.Checked checked = (PolicyPreview.Checked) preview;
        assertThat(checked.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(checked.ruleId()).isEqualTo("critical-production-destructive");
        assertThat(checked.requirement()).isEqualTo("2 people: 1 from cost-explorer-approvers, 1 from sre, "
                + "not alice; approvals need a comment.");
        assertThat(checked.sla()).isEqualTo(Duration.ofHours(1));
        assertThat(checked.expiry()).isEqualTo(Duration.ofHours(24));
        assertThat(checked.approvalWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(checked.warnings()).isEmpty();
        assertThat(requestRows()).isEqualTo(before);
    }

    @Test
    void onlyTheRequesterWithdrawsFromThePageAndTheApisAuditEntryIsWritten() {
        String id = accepted(submissions.submit(viewer("alice"), restartDraft("cost-explorer", null)));

        assertThat(requesterActions.panel(viewer("alice"), id).mayWithdraw()).isTrue();
        assertThat(requesterActions.panel(viewer("bob"), id).mayWithdraw()).as("an approver").isFalse();
        assertThatThrownBy(() -> requesterActions.withdraw(viewer("bob"), id, "not mine"))
                .isInstanceOf(WithdrawRefused.class)
                .hasMessage("Only the requester or its agent can withdraw this plan.");
        assertThatThrownBy(() -> requesterActions.withdraw(viewer("dave"), id, "unseen"))
                .as("someone who may not see it").isInstanceOf(RequestNotFound.class);
        assertThat(requests.get(id).status()).isNotEqualTo(RequestStatus.WITHDRAWN);

        requesterActions.withdraw(viewer("alice"), id, "wrong region");

        assertThat(requests.get(id).status()).isEqualTo(RequestStatus.WITHDRAWN);
        assertThat(jdbc.sql("select actor, comment from audit_entry where request_id = ? and event_type = 'WITHDRAWN'")
                .param(id).query((rs, n) -> rs.getString(1) + ": " + rs.getString(2)).list())
                .containsExactly("alice: wrong region");
        assertThat(requesterActions.panel(viewer("alice"), id).mayWithdraw()).isFalse();
    }

    @Test
    void revisingAPendingPlanWithdrawsItInTheSameStepAndLinksTheRevision() {
        String id = accepted(submissions.submit(viewer("alice"), restartDraft("cost-explorer", null)));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> requests.get(id).status() == RequestStatus.PENDING_APPROVAL);

        assertThatThrownBy(() -> submissions.revisionDraft(viewer("bob"), id)).isInstanceOf(RequestNotFound.class);
        PlanDraft earlier = submissions.revisionDraft(viewer("alice"), id);
        PlanDraft revised = new PlanDraft("Restart only the api", earlier.justification(), earlier.service(),
                earlier.environment(), earlier.actions(), id);
        String revision = accepted(submissions.submit(viewer("alice"), revised));

        assertThat(requests.get(id).status()).isEqualTo(RequestStatus.WITHDRAWN);
        assertThat(requests.get(id).outcomeReason()).isEqualTo("withdrawn by alice: revised as " + revision);
        assertThat(requests.get(revision).submission().plan().revisionOf()).isEqualTo(id);
        assertThat(submissions.submit(viewer("alice"), revised))
                .as("the withdrawn plan cannot be revised again").isEqualTo(new SubmissionResult.Rejected(List.of(
                        new FieldProblem("revisionOf", "can only revise a request that is pending or whose "
                                + "approvers asked for changes; " + id + " is WITHDRAWN"))));
    }

    private static Map<String, Object> restartOf(String service, String requestedBy) {
        Map<String, Object> restart = plan(requestedBy, "production", action("RESTART", "RESOURCE", true));
        restart.put("service", service);
        return restart;
    }

    private static PlanDraft restartDraft(String service, String revisionOf) {
        Map<String, Object> restart = restartOf(service, "alice");
        PlanDraft draft = draftOf(restart);
        return new PlanDraft(draft.title(), draft.justification(), draft.service(), draft.environment(),
                draft.actions(), revisionOf);
    }

    @SuppressWarnings("unchecked")
    private static PlanDraft draftOf(Map<String, Object> plan) {
        List<PlanDraft.ActionDraft> actions = ((List<Map<String, Object>>) plan.get("actions")).stream()
                .map(a -> new PlanDraft.ActionDraft((String) a.get("operation"), (String) a.get("resourceType"),
                        (String) a.get("resource"), (String) a.get("scope"), (List<String>) a.get("regions"),
                        (Boolean) a.get("reversible"), (String) a.get("command"), (String) a.get("rollbackPlan")))
                .toList();
        return new PlanDraft((String) plan.get("title"), (String) plan.get("justification"),
                (String) plan.get("service"), (String) plan.get("environment"), actions);
    }

    private static String accepted(SubmissionResult result) {
        assertThat(result).isInstanceOf(SubmissionResult.Accepted.class);
        return ((SubmissionResult.Accepted) result).requestId();
    }

    private long requestRows() {
        return jdbc.sql("select count(*) from change_request").query(Long.class).single();
    }

    private Viewer viewer(String username) {
        UserDetails user = users.loadUserByUsername(username);
        return viewers.resolve(UsernamePasswordAuthenticationToken.authenticated(username, null,
                user.getAuthorities()), "127.0.0.1");
    }
}
