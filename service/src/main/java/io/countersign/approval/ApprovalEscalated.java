package io.countersign.approval;

import java.util.List;

/** An approval passed its SLA and was routed to the escalation group too; published in that transaction. */
public record ApprovalEscalated(String requestId, String taskId, List<String> escalationGroups) {

    public ApprovalEscalated {
        escalationGroups = List.copyOf(escalationGroups);
    }
}
