package io.countersign.ui.submit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's problems (worded for the API, by JSON path) as a person filling in the form reads them: in the
 * order of the form, and in plain words ("Choose an operation.", not {@code actions[0].operation: must not be null}).
 * The service's own sentences (a rollback plan is required in production) are kept.
 */
final class PlainProblems {

    /** The form's fields, top to bottom; an action's fields follow in its card's order. */
    private static final List<String> FORM_ORDER = List.of("", "revisionOf", "requestedBy", "title", "justification",
            "service", "environment", "agent", "callbackUrl", "actions");
    private static final List<String> ACTION_ORDER = List.of("", "operation", "resourceType", "resource", "scope",
            "regions", "reversible", "command", "rollbackPlan");

    private record Words(String label, String what, boolean choice) {
    }

    private static final Map<String, Words> WORDS = Map.ofEntries(
            Map.entry("revisionOf", new Words("Revision", "the request this revises", false)),
            Map.entry("requestedBy", new Words("Requester", "the requester", false)),
            Map.entry("title", new Words("Title", "a title", false)),
            Map.entry("justification", new Words("Justification", "a justification", false)),
            Map.entry("service", new Words("Service", "a service", true)),
            Map.entry("environment", new Words("Environment", "an environment", true)),
            Map.entry("agent", new Words("Agent", "an agent", false)),
            Map.entry("callbackUrl", new Words("Callback URL", "a callback URL", false)),
            Map.entry("actions", new Words("Actions", "at least one action", false)),
            Map.entry("operation", new Words("operation", "an operation", true)),
            Map.entry("resourceType", new Words("resource type", "the resource type", false)),
            Map.entry("resource", new Words("resource", "the resource", false)),
            Map.entry("scope", new Words("scope", "a scope", true)),
            Map.entry("regions", new Words("regions", "a region name", false)),
            Map.entry("reversible", new Words("reversible", "whether it can be undone", true)),
            Map.entry("command", new Words("command or diff", "the command or diff it will run", false)),
            Map.entry("rollbackPlan", new Words("rollback plan", "a rollback plan", false)));

    private static final Pattern ACTION_FIELD = Pattern.compile("actions\\[(\\d+)]\\.?([A-Za-z]*)(.*)");
    private static final Pattern SIZE = Pattern.compile("size must be between (\\d+) and (\\d+)");

    private PlainProblems() {
    }

    static List<FieldProblem> of(List<FieldProblem> problems) {
        return problems.stream().sorted(Comparator.comparing(PlainProblems::rank))
                .map(p -> new FieldProblem(p.field(), message(p.field(), p.message()))).toList();
    }

    /** "Action 2, rollback plan", "Title"; empty for the plan as a whole. */
    static String label(String field) {
        Matcher action = ACTION_FIELD.matcher(field);
        if (action.matches()) {
            int number = Integer.parseInt(action.group(1)) + 1;
            Words words = WORDS.get(action.group(2));
            return "Action " + number + (words == null ? "" : ", " + words.label());
        }
        Words words = WORDS.get(top(field));
        return words == null ? field : words.label();
    }

    static String message(String field, String message) {
        Words words = WORDS.get(leaf(field));
        if (message.startsWith("must not be blank") || message.startsWith("must not be null")
                || message.startsWith("must not be empty")) {
            if (words == null) {
                return "This is required.";
            }
            return (words.choice() ? "Choose " : "Enter ") + words.what() + ".";
        }
        if (message.startsWith("must be one of")) {
            return "Choose one of the listed " + (words == null ? "values" : words.label().toLowerCase() + "s") + ".";
        }
        Matcher size = SIZE.matcher(message);
        if (size.matches()) {
            return "Keep it to " + size.group(2) + " characters or fewer.";
        }
        if (message.startsWith("must be a lower-case")) {
            return "Use lower-case letters, digits and dashes only.";
        }
        String sentence = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }

    private static String top(String field) {
        int end = field.length();
        for (char c : new char[] {'.', '['}) {
            int at = field.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return field.substring(0, end);
    }

    private static String leaf(String field) {
        Matcher action = ACTION_FIELD.matcher(field);
        if (action.matches()) {
            return action.group(2).isEmpty() ? "actions" : action.group(2);
        }
        return top(field);
    }

    private static String rank(FieldProblem problem) {
        String field = problem.field();
        Matcher action = ACTION_FIELD.matcher(field);
        if (action.matches()) {
            int sub = ACTION_ORDER.indexOf(action.group(2));
            return "%02d-%04d-%02d%s".formatted(FORM_ORDER.indexOf("actions"), Integer.parseInt(action.group(1)),
                    sub < 0 ? 99 : sub, action.group(3));
        }
        int index = FORM_ORDER.indexOf(top(field));
        return "%02d-%s".formatted(index < 0 ? 98 : index, field);
    }
}
