package io.countersign.intake;

/** How far an action reaches; the wider, the larger the blast radius. */
public enum Scope {
    RESOURCE, REGION, MULTI_REGION, GLOBAL
}
