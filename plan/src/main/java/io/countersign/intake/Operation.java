package io.countersign.intake;

/** What an action does. The destructive ones always need more scrutiny. */
public enum Operation {
    READ, CREATE, UPDATE, DEPLOY, SCALE, RESTART, CONFIG_CHANGE, PERMISSION_CHANGE,
    DELETE(true), RECREATE(true), DROP(true), TRUNCATE(true), DESTROY(true), PURGE(true);

    private final boolean destructive;

    Operation() {
        this(false);
    }

    Operation(boolean destructive) {
        this.destructive = destructive;
    }

    public boolean destructive() {
        return destructive;
    }
}
