package io.countersign.policy;

import java.util.List;

/** The environments the policy knows, least to most severe. Anything else is unknown (the DMN denies it). */
final class Environments {

    static final List<String> BY_SEVERITY = List.of("sandbox", "development", "staging", "production");
    static final String PRODUCTION = "production";

    private Environments() {
    }

    static boolean isKnown(String environment) {
        return BY_SEVERITY.contains(environment);
    }

    /** True when {@code candidate} is a known environment more severe than {@code declared}, which must be known. */
    static boolean moreSevere(String candidate, String declared) {
        return isKnown(declared) && BY_SEVERITY.indexOf(candidate) > BY_SEVERITY.indexOf(declared);
    }
}
