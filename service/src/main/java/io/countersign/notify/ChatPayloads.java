package io.countersign.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A notice as each chat takes it: Slack incoming-webhook blocks, a Teams adaptive card (what Teams' Workflows
 * webhooks accept), or Countersign's own generic JSON (documented in docs/notifications.md).
 */
@Component
class ChatPayloads {

    static final String APPROVE_ACTION = "countersign_approve";
    static final String OPEN_ACTION = "countersign_open";

    private final ObjectMapper json;

    ChatPayloads(ObjectMapper json) {
        this.json = json;
    }

    String render(Notice notice, NotificationProperties.Format format) {
        Object body = switch (format) {
            case SLACK -> slack(notice);
            case TEAMS -> teams(notice);
            case JSON -> generic(notice);
        };
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat payload is not serialisable", e);
        }
    }

    private static Map<String, Object> slack(Notice notice) {
        StringBuilder facts = new StringBuilder();
        notice.facts().forEach(f -> facts.append('*').append(mrkdwn(f.label())).append("*: ")
                .append(mrkdwn(f.value())).append('\n'));
        List<Object> buttons = new ArrayList<>();
        buttons.add(Map.of("type", "button", "action_id", OPEN_ACTION, "url", notice.link(),
                "text", Map.of("type", "plain_text", "text", "Open request")));
        if (notice.approveTaskId() != null) {
            buttons.add(Map.of("type", "button", "action_id", APPROVE_ACTION, "style", "primary",
                    "value", notice.approveTaskId(), "text", Map.of("type", "plain_text", "text", "Approve")));
        }
        List<Object> blocks = List.of(
                Map.of("type", "header", "text", Map.of("type", "plain_text", "text", cut(notice.headline(), 150))),
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(facts.toString(), 3000))),
                Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                        "<" + notice.link() + "|Open the request> (sign-in required). Rejecting or requesting "
                                + "changes needs a comment, on the page."))),
                Map.of("type", "actions", "elements", buttons));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", cut(notice.headline(), 3000) + " " + notice.link());
        message.put("blocks", blocks);
        return message;
    }

    private static Map<String, Object> teams(Notice notice) {
        List<Object> facts = notice.facts().stream()
                .map(f -> (Object) Map.of("title", f.label(), "value", f.value())).toList();
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", List.of(
                Map.of("type", "TextBlock", "text", notice.headline(), "weight", "Bolder", "wrap", true),
                Map.of("type", "FactSet", "facts", facts)));
        card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open request", "url", notice.link())));
        return Map.of("type", "message", "attachments", List.of(Map.of(
                "contentType", "application/vnd.microsoft.card.adaptive", "content", card)));
    }

    private static Map<String, Object> generic(Notice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", notice.kind());
        body.put("requestId", notice.requestId());
        body.put("headline", notice.headline());
        Map<String, String> facts = new LinkedHashMap<>();
        notice.facts().forEach(f -> facts.put(f.label(), f.value()));
        body.put("facts", facts);
        body.put("link", notice.link());
        return body;
    }

    /** Slack's mrkdwn treats these three as markup; everything else is literal. */
    private static String mrkdwn(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
