package io.countersign.ui.submit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service's problems, looked up by input name in the template. */
public final class FormProblems {

    private final List<FieldProblem> all;
    private final Map<String, String> byField = new LinkedHashMap<>();

    FormProblems(List<FieldProblem> problems) {
        this.all = List.copyOf(problems);
        problems.forEach(p -> byField.merge(p.field(), p.message(), (a, b) -> a + " " + b));
    }

    /** For the form: in the form's order and in plain words (see {@link PlainProblems}). */
    static FormProblems plain(List<FieldProblem> problems) {
        return new FormProblems(PlainProblems.of(problems));
    }

    static FormProblems none() {
        return new FormProblems(List.of());
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public List<FieldProblem> all() {
        return all;
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** What the summary calls a field: "Title", "Action 2, rollback plan". */
    public String label(String field) {
        return PlainProblems.label(field);
    }

    /** The HTML id of the input for a field path, so the summary can link to it: {@code actions[0].resource} becomes {@code f-actions-0-resource}. */
    public String inputId(String field) {
        return "f-" + field.replaceAll("[\\[\\].]+", "-").replaceAll("-$", "");
    }

    /** The message for one input, {@code null} if it is fine. */
    public String of(String field) {
        return byField.get(field);
    }
}
