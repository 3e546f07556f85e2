package io.countersign.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.outbound.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Who a Slack user is, asked of Slack's Web API ({@code users.info}, which needs the {@code users:read.email} scope). */
@Component
class SlackUsers {

    /** A Slack user's e-mail address (null if Slack shows none) and whether the user is a bot or app. */
    record SlackUser(String id, String email, boolean bot) {
    }

    private final NotificationProperties properties;
    private final OutboundHttp http;
    private final ObjectMapper json;

    SlackUsers(NotificationProperties properties, OutboundHttp http, ObjectMapper json) {
        this.properties = properties;
        this.http = http;
        this.json = json;
    }

    Optional<SlackUser> lookup(String userId) throws IOException {
        if (properties.slack().botToken() == null || properties.slack().botToken().isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(properties.slack().apiUrl() + "/users.info?user="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8));
        OutboundHttp.Answer answer = http.get(uri, Map.of("Authorization", "Bearer " + properties.slack().botToken()));
        if (!answer.ok()) {
            throw new IOException("Slack users.info answered " + answer.status());
        }
        JsonNode body = json.readTree(answer.body());
        if (!body.path("ok").asBoolean(false)) {
            return Optional.empty();
        }
        JsonNode user = body.path("user");
        String email = user.path("profile").path("email").asText(null);
        boolean bot = user.path("is_bot").asBoolean(false) || user.path("is_app_user").asBoolean(false);
        return Optional.of(new SlackUser(user.path("id").asText(userId), email, bot));
    }
}
