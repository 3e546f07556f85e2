package io.countersign.approval;

/**
 * A break-glass, or a review of one, that the rules do not allow; nothing was changed. {@link #kind()} says whether
 * the caller may never do it (forbidden), the state refuses it now (conflict) or a field is missing (unprocessable;
 * invalid when the field belongs to a larger body, the {@code emergency} object of a submitted plan).
 */
public final class BreakGlassRefused extends RuntimeException {

    public enum Kind { FORBIDDEN, CONFLICT, UNPROCESSABLE, INVALID }

    private final Kind kind;
    private final String field;

    BreakGlassRefused(Kind kind, String field, String reason) {
        super(reason);
        this.kind = kind;
        this.field = field;
    }

    static BreakGlassRefused forbidden(String reason) {
        return new BreakGlassRefused(Kind.FORBIDDEN, null, reason);
    }

    static BreakGlassRefused conflict(String reason) {
        return new BreakGlassRefused(Kind.CONFLICT, null, reason);
    }

    static BreakGlassRefused missing(String field, String reason) {
        return new BreakGlassRefused(Kind.UNPROCESSABLE, field, reason);
    }

    static BreakGlassRefused invalid(String field, String reason) {
        return new BreakGlassRefused(Kind.INVALID, field, reason);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, for {@link Kind#UNPROCESSABLE} and {@link Kind#INVALID}; else null. */
    public String field() {
        return field;
    }
}
