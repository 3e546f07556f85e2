package io.countersign.web;

import io.countersign.approval.DecisionRefused;

/**
 * The service's refusal as a sentence for the page. The API's wording starts lower-case to sit after a problem
 * title; on the page it stands alone.
 */
final class Refusals {

    private Refusals() {
    }

    static String sentence(DecisionRefused refused) {
        String reason = refused.getMessage();
        String sentence = switch (refused) {
            // These start with the decider's username, which keeps its case.
            case DecisionRefused.SelfApprovalRefused s -> reason;
            case DecisionRefused.NotAnApprover n -> reason;
            case DecisionRefused.AlreadyDecided a -> reason;
            default -> Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        };
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }
}
