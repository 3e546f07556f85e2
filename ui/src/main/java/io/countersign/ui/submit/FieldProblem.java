package io.countersign.ui.submit;

/**
 * One thing wrong with a submitted plan, worded as the API's problem details word it.
 *
 * @param field the JSON path of the offending value: {@code title}, {@code agent.id},
 *              {@code actions[0].rollbackPlan}, {@code actions} (for the list itself); empty for the document as a
 *              whole (e.g. malformed JSON)
 */
public record FieldProblem(String field, String message) {

    public FieldProblem {
        field = field == null ? "" : field;
    }
}
