package io.countersign.ui.shared;

/** Blast radius of one action. */
public enum Scope {
    RESOURCE, REGION, MULTI_REGION, GLOBAL
}
