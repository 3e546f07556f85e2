package io.countersign.approval;

import java.time.Instant;
import java.util.List;

/** One person's recorded decision on an approval task. */
public record Decision(
        String id,
        String taskId,
        String requestId,
        String approver,
        String approverKind,
        List<String> approverGroups,
        DecisionOutcome outcome,
        String comment,
        String remoteAddress,
        Instant decidedAt) {

    public Decision {
        approverGroups = List.copyOf(approverGroups);
    }
}
