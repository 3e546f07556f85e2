package io.countersign.token;

import java.time.Instant;
import java.util.Objects;

/** A change freeze that covers a plan at the moment its token is presented: its name and when it ends. */
public record FreezeHold(String name, Instant until) {

    public FreezeHold {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(until, "until");
    }
}
