package io.countersign.notify;

import java.util.List;

/**
 * What one message says, before it is shaped for a channel: a headline, the facts an approver needs (what will run,
 * where, tier and why, what is still needed, the deadline), and the link to the request page. A link opens the page
 * behind sign-in and approves nothing; only {@code approveTaskId} (for plans whose approval needs no comment) lets a
 * chat offer an Approve button, which goes through the same judge as the page.
 */
record Notice(String kind, String requestId, String headline, List<Fact> facts, String link, String approveTaskId) {

    record Fact(String label, String value) {
    }

    Notice {
        facts = List.copyOf(facts);
    }

    String subject() {
        return headline.length() > 200 ? headline.substring(0, 197) + "..." : headline;
    }

    /** The plain-text body of an e-mail. */
    String text() {
        StringBuilder text = new StringBuilder(headline).append("\n\n");
        facts.forEach(f -> text.append(f.label()).append(": ").append(f.value()).append('\n'));
        text.append("\nOpen the request: ").append(link).append('\n');
        text.append("\nThe link opens the request after you sign in. Nothing in this message approves anything by itself.\n");
        return text.toString();
    }
}
