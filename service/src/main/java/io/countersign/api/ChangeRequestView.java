package io.countersign.api;

import io.countersign.approval.Decision;
import io.countersign.approval.Progress;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.Submission;
import io.countersign.policy.Classification;
import io.countersign.stall.Stall;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change request as the API shows it.
 *
 * @param requirement what the tier requires, e.g. "2 people: 1 from cost-explorer-approvers, 1 from sre"; null
 *                    until classified
 * @param stillNeeded what a pending approval still needs, e.g. "needs 1 from sre"; null unless pending
 */
record ChangeRequestView(
        String id,
        String status,
        String title,
        String requestedBy,
        Map<String, String> agent,
        String service,
        String environment,
        String planHash,
        String tier,
        String tierReason,
        String ruleId,
        Integer requiredApprovals,
        List<String> approverGroups,
        List<ApprovalView> approvals,
        String requirement,
        String stillNeeded,
        String outcomeReason,
        String executionOutcome,
        Instant approvalExpiresAt,
        String approvalToken,
        String revisionOf,
        Instant submittedAt,
        Instant updatedAt,
        StalledView stalled,
        Map<String, String> links) {

    record ApprovalView(String approver, String outcome, String comment, List<String> groups, Instant decidedAt) {
    }

    /** Present while the workflow can no longer move the request; an admin can retry or close it. */
    record StalledView(String step, String reason, Instant since) {
        static StalledView of(Stall stall) {
            return stall == null ? null : new StalledView(stall.step(), stall.reason(), stall.stalledAt());
        }
    }

    static ChangeRequestView of(ChangeRequest request, List<Decision> decisions, String approvalToken, Stall stall,
                                Progress progress) {
        Submission s = request.submission();
        Classification c = request.classification();
        String self = "/api/v1/change-requests/" + request.id();
        return new ChangeRequestView(request.id(), request.status().name(), s.plan().title(), s.requestedBy(),
                s.plan().agent() == null ? null : Map.of("id", s.plan().agent().id(), "name", s.plan().agent().name()),
                s.plan().service(), s.plan().environment(), s.planHash(),
                c == null ? null : c.tier().name(), c == null ? null : c.reason(), c == null ? null : c.ruleId(),
                c == null ? null : c.requiredApprovals(), c == null ? null : c.approverGroups(),
                decisions.stream().map(d -> new ApprovalView(d.approver(), d.outcome().name(), d.comment(),
                        d.approverGroups(), d.decidedAt())).toList(),
                progress == null ? null : progress.requirement(),
                progress == null || progress.stillNeeded().isEmpty() ? null : progress.stillNeeded(),
                request.outcomeReason(), request.executionOutcome(), request.approvalExpiresAt(), approvalToken,
                s.plan().revisionOf(), s.createdAt(), request.updatedAt(), StalledView.of(stall),
                Map.of("self", self, "decision", self + "/decision", "withdraw", self + "/withdraw",
                        "executionReport", self + "/execution-report", "page", "/requests/" + request.id()));
    }
}
