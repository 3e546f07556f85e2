package io.countersign.freeze;

/** A field of a new freeze window is not acceptable; nothing was stored. */
public final class InvalidFreezeWindow extends RuntimeException {

    private final String field;

    InvalidFreezeWindow(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
