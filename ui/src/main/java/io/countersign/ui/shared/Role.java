package io.countersign.ui.shared;

/** What a person may do in the web task list; one person can hold several. */
public enum Role {
    ENGINEER,
    APPROVER,
    AUDITOR,
    ADMIN
}
