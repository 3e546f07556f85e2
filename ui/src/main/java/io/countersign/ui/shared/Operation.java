package io.countersign.ui.shared;

/** What an action does to its resource; the last six are destructive (see PRODUCT.md, "Operations"). */
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
