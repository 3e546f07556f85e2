package io.countersign.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * hash = SHA-256(prev_hash || canonical entry), where the canonical entry is the RFC 8785 JSON of every field but the
 * hash. The JSON is written directly rather than through a generic canonicaliser because verification must run at
 * hundreds of thousands of entries a second; the field set is fixed, so sorting the keys once is enough, and
 * {@code details} is already canonical (made so at append time). A test checks the output against the reference
 * canonicaliser.
 */
final class EntryHash {

    /** The prev_hash of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EntryHash::newDigest);

    private EntryHash() {
    }

    static String of(AuditEntry entry) {
        var digest = SHA256.get();
        digest.reset();
        digest.update(entry.prevHash().getBytes(StandardCharsets.US_ASCII));
        digest.update(canonicalJson(entry).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest.digest());
    }

    /** Keys in RFC 8785 order (UTF-16 code units), which for these ASCII names is plain String order. */
    static String canonicalJson(AuditEntry e) {
        var out = new StringBuilder(512);
        out.append('{');
        string(out, "actor", e.actor()).append(',');
        string(out, "actorKind", e.actorKind()).append(',');
        string(out, "agentId", e.agentId()).append(',');
        string(out, "comment", e.comment()).append(',');
        out.append("\"details\":").append(e.details()).append(',');
        string(out, "environment", e.environment()).append(',');
        out.append("\"id\":").append(e.id()).append(',');
        string(out, "occurredAt", e.occurredAt().toString()).append(',');
        string(out, "outcome", e.outcome()).append(',');
        string(out, "planHash", e.planHash()).append(',');
        string(out, "prevHash", e.prevHash()).append(',');
        string(out, "remoteAddress", e.remoteAddress()).append(',');
        string(out, "requestId", e.requestId()).append(',');
        string(out, "requestedBy", e.requestedBy()).append(',');
        out.append("\"seq\":").append(e.seq()).append(',');
        string(out, "service", e.service()).append(',');
        string(out, "tier", e.tier()).append(',');
        string(out, "type", e.type());
        return out.append('}').toString();
    }

    private static StringBuilder string(StringBuilder out, String key, String value) {
        out.append('"').append(key).append("\":");
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        int plain = 0;
        while (plain < value.length() && isPlain(value.charAt(plain))) {
            plain++;
        }
        // Most values need no escaping; appending them whole is what keeps verification fast.
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX.toHexDigits((byte) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static boolean isPlain(char c) {
        return c >= 0x20 && c != '"' && c != '\\';
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
