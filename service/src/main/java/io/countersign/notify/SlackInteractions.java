package io.countersign.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approval.Approvals;
import io.countersign.approval.Decided;
import io.countersign.approval.DecisionOutcome;
import io.countersign.common.UnicodeText;
import io.countersign.security.Actor;
import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's interactivity endpoint: the Approve button of a notification. The request must carry Slack's v0 signature
 * with a timestamp within five minutes and must not have been seen before; the Slack user is asked of Slack for
 * their e-mail address and matched to exactly one directory user; then the decision goes through
 * {@link Approvals#decide} like the web page's (same judge, same refusals and status codes, same audit entries), with
 * sign-in method {@code slack} recorded. Without a signing secret this endpoint does not exist.
 */
@RestController
@ConditionalOnProperty(prefix = "countersign.notifications.slack", name = "signing-secret")
class SlackInteractions {

    static final String PATH = "/integrations/slack/interactions";
    static final String SIGN_IN_METHOD = "slack";
    private static final Logger log = LoggerFactory.getLogger(SlackInteractions.class);
    private static final int MAX_BODY = 64 * 1024;

    private record Interaction(String userId, String actionId, String taskId) {
    }

    private final NotificationProperties properties;
    private final SlackReplays replays;
    private final SlackUsers slackUsers;
    private final UserDirectory directory;
    private final Approvals approvals;
    private final ObjectMapper json;
    private final Clock clock;

    SlackInteractions(NotificationProperties properties, SlackReplays replays, SlackUsers slackUsers,
                      UserDirectory directory, Approvals approvals, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.replays = replays;
        this.slackUsers = slackUsers;
        this.directory = directory;
        this.approvals = approvals;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(PATH)
    ResponseEntity<Object> interact(@RequestHeader(name = "X-Slack-Request-Timestamp", required = false) String timestamp,
                                    @RequestHeader(name = "X-Slack-Signature", required = false) String signature,
                                    HttpServletRequest http) throws IOException {
        try {
            byte[] body = http.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new SlackRequestRefused(HttpStatus.PAYLOAD_TOO_LARGE, "payload", "is larger than 64 KiB");
            }
            Instant signedAt = SlackSignature.verify(properties.slack().signingSecret(), timestamp, signature, body,
                    clock.instant());
            if (!replays.firstSight(signature.strip(), signedAt)) {
                throw new SlackRequestRefused(HttpStatus.CONFLICT, "X-Slack-Signature",
                        "was seen before: a replayed request is not acted on again");
            }
            Interaction interaction = parse(body);
            if (ChatPayloads.OPEN_ACTION.equals(interaction.actionId())) {
                return ResponseEntity.ok(Map.of()); // the Open button: Slack only wants an acknowledgement
            }
            if (!ChatPayloads.APPROVE_ACTION.equals(interaction.actionId())) {
                throw new SlackRequestRefused(HttpStatus.BAD_REQUEST, "actions[0].action_id", "is not an action "
                        + "Countersign's messages carry (" + ChatPayloads.APPROVE_ACTION + " or "
                        + ChatPayloads.OPEN_ACTION + "); nothing was done");
            }
            Actor actor = actorFor(interaction.userId(), http.getRemoteAddr());
            if (!actor.isAgent()) {
                approvals.visibleTask(interaction.taskId(), actor);
            }
            Decided decided = approvals.decide(interaction.taskId(), actor, DecisionOutcome.APPROVE, null);
            String waiting = decided.verdict().waitingFor();
            return ResponseEntity.ok(Map.of("response_type", "ephemeral", "replace_original", false,
                    "text", "Approved as " + actor.name() + "." + (waiting.isEmpty() ? "" : " Still waiting for "
                            + waiting + ".")));
        } catch (SlackRequestRefused refused) {
            log.info("Slack interaction refused: {} {}", refused.field(), refused.getMessage());
            return problem(refused.status(), "Slack request refused", refused.field(), refused.getMessage());
        }
    }

    /** The person the Slack user is, by the e-mail address Slack shows for them; a Slack bot is an agent. */
    private Actor actorFor(String slackUserId, String remoteAddress) {
        SlackUsers.SlackUser user;
        try {
            user = slackUsers.lookup(slackUserId).orElseThrow(() -> new SlackRequestRefused(HttpStatus.FORBIDDEN,
                    "user", "Slack does not know user " + slackUserId));
        } catch (IOException e) {
            throw new SlackRequestRefused(HttpStatus.BAD_GATEWAY, "user", "Slack could not be asked who "
                    + slackUserId + " is: " + e.getMessage());
        }
        if (user.bot()) {
            return new Actor("slack:" + user.id(), Actor.AGENT, Set.of(Roles.AGENT), Set.of(), remoteAddress,
                    Set.of(), null, SIGN_IN_METHOD);
        }
        UserDirectory.Person person = directory.findByEmail(user.email()).orElseThrow(() -> new SlackRequestRefused(
                HttpStatus.FORBIDDEN, "user", "no Countersign user has the e-mail address of Slack user "
                + slackUserId));
        if (!person.enabled() || !person.hasRole(Roles.APPROVER)) {
            throw new SlackRequestRefused(HttpStatus.FORBIDDEN, "user", "your role does not allow this");
        }
        return new Actor(person.name().value(), Actor.HUMAN, person.roles(), person.groups(), remoteAddress,
                Set.of(), null, SIGN_IN_METHOD);
    }

    /** {@code payload=<url-encoded JSON>}, decoded strictly: bytes that are not UTF-8 are refused, never replaced. */
    private Interaction parse(byte[] body) {
        String form = new String(body, StandardCharsets.ISO_8859_1);
        String encoded = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("payload=")) {
                encoded = pair.substring("payload=".length());
            }
        }
        if (encoded == null) {
            throw new SlackRequestRefused(HttpStatus.BAD_REQUEST, "payload", "is missing");
        }
        try {
            String text = strictUtf8(percentDecode(encoded));
            if (!UnicodeText.isWellFormed(text)) {
                throw new SlackRequestRefused(HttpStatus.BAD_REQUEST, "payload", UnicodeText.PROBLEM);
            }
            JsonNode payload = json.readTree(text);
            JsonNode action = payload.path("actions").path(0);
            String user = payload.path("user").path("id").asText("");
            if (user.isEmpty() || action.isMissingNode()) {
                throw new SlackRequestRefused(HttpStatus.BAD_REQUEST, "payload", "names no user or no action");
            }
            return new Interaction(user, action.path("action_id").asText(""), action.path("value").asText(""));
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw new SlackRequestRefused(HttpStatus.BAD_REQUEST, "payload", "is not valid UTF-8 URL-encoded text");
        } catch (IOException e) {
            throw new SlackRequestRefused(HttpStatus.BAD_REQUEST, "payload", "is not JSON");
        }
    }

    private static byte[] percentDecode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String field, String reason) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, field + ": " + reason);
        body.setTitle(title);
        body.setProperty("errors", List.of(Map.of("field", field, "message", reason)));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
