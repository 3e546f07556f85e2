package io.countersign.security;

/** The roles Countersign knows. Spring authorities carry them as {@code ROLE_<name>}. */
public final class Roles {
    public static final String ENGINEER = "ENGINEER";
    public static final String APPROVER = "APPROVER";
    public static final String AUDITOR = "AUDITOR";
    public static final String ADMIN = "ADMIN";
    public static final String AGENT = "AGENT";

    /** The roles a person in the directory can hold; {@link #AGENT} belongs to tokens only. */
    public static final java.util.Set<String> HUMAN = java.util.Set.of(ENGINEER, APPROVER, AUDITOR, ADMIN);

    /** Authorities that name approver groups carry this prefix. */
    public static final String GROUP_PREFIX = "GROUP_";

    /** Authorities of an agent token that name an engineer the agent may submit for carry this prefix. */
    public static final String ACTS_FOR_PREFIX = "ACTS_FOR_";

    private Roles() {
    }
}
