package io.countersign.intake;

/** Which door a plan came through: the JSON API, the web task list, or the MCP server. Recorded on SUBMITTED. */
public enum Channel {
    API, WEB, MCP;

    /** As the audit entry records it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
