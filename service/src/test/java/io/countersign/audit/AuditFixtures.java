package io.countersign.audit;

import java.util.Map;
import java.util.UUID;

/** Events as the rest of the application writes them, each with a request id no other test uses. */
final class AuditFixtures {

    private AuditFixtures() {
    }

    static String uniqueRequestId() {
        return "cr-" + UUID.randomUUID();
    }

    static AuditEvent submitted(String requestId) {
        return AuditEvent.builder("SUBMITTED", "kiro-7", "AGENT")
                .requestId(requestId).remoteAddress("10.0.0.7").planHash("ab".repeat(32))
                .agentId("kiro-7").requestedBy("alice").service("cost-explorer").environment("production")
                .details(Map.of("title", "Recreate cost-explorer", "actions", 1))
                .build();
    }

    static AuditEvent decided(String requestId, String approver, String outcome) {
        return AuditEvent.builder("DECIDED", approver, "HUMAN")
                .requestId(requestId).agentId("kiro-7").requestedBy("alice").service("cost-explorer")
                .environment("production").tier("CRITICAL").outcome(outcome).comment("checked the \"rollback\"\n")
                .details(Map.of("decision", outcome, "approvals", java.util.List.of(approver)))
                .build();
    }
}
