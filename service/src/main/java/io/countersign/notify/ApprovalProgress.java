package io.countersign.notify;

import io.countersign.approval.Approvals;
import io.countersign.approval.Progress;
import io.countersign.approval.Verdict;
import org.springframework.stereotype.Component;

/**
 * What an approval still needs, in a message's words ("needs 1 from sre"): the one judge's {@code Progress}, the same
 * words the task list and the API use.
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
        return approvals.progressOf(requestId).map(Progress::stillNeeded).filter(s -> !s.isBlank())
                .orElse("no approval");
    }
}
