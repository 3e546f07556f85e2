package io.countersign.ui.shared;

import java.util.Locale;
import java.util.Map;

/**
 * Audit event types in words for the timelines. The codes stay the audit log's (auditors filter by them); a code
 * not listed here is still readable ("SOME_EVENT" reads "Some event"), so a new event never shows as a raw code.
 */
final class EventNames {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("SUBMITTED", "Submitted"),
            Map.entry("CLASSIFIED", "Classified"),
            Map.entry("TASK_OPENED", "Approval task opened"),
            Map.entry("CLAIMED", "Claimed"),
            Map.entry("DECIDED", "Decision recorded"),
            Map.entry("DECISION_REFUSED", "Decision refused"),
            Map.entry("ESCALATED", "Escalated: approval overdue"),
            Map.entry("EXPIRED", "Expired without a decision"),
            Map.entry("WITHDRAWN", "Withdrawn"),
            Map.entry("APPROVED", "Approved"),
            Map.entry("REJECTED", "Rejected"),
            Map.entry("CHANGES_REQUESTED", "Changes requested"),
            Map.entry("DENIED", "Denied by policy"),
            Map.entry("TOKEN_ISSUED", "Approval token issued"),
            Map.entry("TOKEN_REVOKED", "Approval token revoked"),
            Map.entry("EXECUTION_STARTED", "Token redeemed: execution started"),
            Map.entry("EXECUTED", "Execution reported"),
            Map.entry("APPROVAL_LAPSED", "Approval lapsed unused"),
            Map.entry("STALLED", "Stalled"),
            Map.entry("STALL_RETRIED", "Stall retried"),
            Map.entry("STALL_CLOSED", "Stall closed"),
            Map.entry("SEGREGATION_VIOLATION", "Stopped: segregation of duties"),
            Map.entry("CLASSIFICATION_DISAGREEMENT", "Stopped: classification disagreement"),
            Map.entry("WORKFLOW_DISAGREEMENT", "Stopped: workflow disagreement"),
            Map.entry("JOB_REFUSED", "Workflow step refused"));

    private EventNames() {
    }

    static String of(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String name = NAMES.get(code);
        if (name != null) {
            return name;
        }
        String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
