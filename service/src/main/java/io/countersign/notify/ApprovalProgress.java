package io.countersign.notify;

import io.countersign.approval.ApprovalTask;
import io.countersign.approval.Approvals;
import io.countersign.approval.Verdict;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What an approval still needs, in a message's words ("needs 1 from sre"), from the one judge's verdict. A stand-in:
 * once {@code approval.Approvals.progressOf(requestId)} exists, this one method should return its
 * {@code stillNeeded()} instead of phrasing the verdict itself.
 */
@Component
class ApprovalProgress {

    private final Approvals approvals;

    ApprovalProgress(Approvals approvals) {
        this.approvals = approvals;
    }

    String stillNeeded(String requestId) {
        Verdict verdict = approvals.verdict(requestId).orElse(null);
        if (verdict == null) {
            return "no approval";
        }
        if (verdict.isConcluded()) {
            return "nothing more (" + verdict.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
        }
        int more = Math.max(0, verdict.requiredApprovals() - verdict.approvedBy().size());
        List<String> missing = verdict.missingGroups();
        if (!missing.isEmpty() && more <= missing.size()) {
            return "needs " + String.join(" and ", missing.stream().map(g -> "1 from " + g).toList());
        }
        List<String> groups = approvals.taskFor(requestId).map(ApprovalTask::deciderGroups).map(List::copyOf)
                .orElse(List.of());
        String from = groups.isEmpty() ? "" : " from " + String.join(" or ", groups);
        String needs = "needs " + more + (more == 1 ? "" : " approvals by distinct people") + from;
        return missing.isEmpty() ? needs : needs + ", including 1 from " + String.join(" and 1 from ", missing);
    }
}
