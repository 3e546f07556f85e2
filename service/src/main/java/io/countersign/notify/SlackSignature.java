package io.countersign.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;

/**
 * Slack's v0 request signature: {@code v0=} + hex HMAC-SHA256, keyed with the app's signing secret, over
 * {@code v0:<X-Slack-Request-Timestamp>:<raw body>}. Compared in constant time; a timestamp more than five minutes
 * from now (either way) is refused, so a captured request cannot be replayed later.
 */
final class SlackSignature {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the JVM specification", e);
        }
    }

    /** Returns the instant the request was signed at, or refuses it. */
    static Instant verify(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            throw new SlackRequestRefused(HttpStatus.UNAUTHORIZED, timestamp == null ? "X-Slack-Request-Timestamp"
                    : "X-Slack-Signature", "is missing: the request is not signed by Slack");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new SlackRequestRefused(HttpStatus.UNAUTHORIZED, "X-Slack-Request-Timestamp", "is not a Unix time");
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new SlackRequestRefused(HttpStatus.UNAUTHORIZED, "X-Slack-Signature",
                    "does not match the request: it was not signed with this app's signing secret");
        }
        if (Duration.between(signedAt, now).abs().compareTo(WINDOW) > 0) {
            throw new SlackRequestRefused(HttpStatus.UNAUTHORIZED, "X-Slack-Request-Timestamp",
                    "is more than five minutes from now: a stale or replayed request");
        }
        return signedAt;
    }
}
