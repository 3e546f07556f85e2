package io.countersign.ui.shared;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The person looking at a page. Every port call names the viewer, so the service decides what they may see and do.
 *
 * @param username       the login name, as recorded in approvals and the audit log
 * @param displayName    shown in the header
 * @param roles          at least one
 * @param approverGroups the approver groups the person belongs to (e.g. {@code sre}, {@code payments-approvers})
 * @param remoteAddress  the client address, for the audit log
 */
public record Viewer(String username, String displayName, Set<Role> roles, Set<String> approverGroups,
                     String remoteAddress) {

    public Viewer {
        Objects.requireNonNull(username, "username");
        displayName = displayName == null || displayName.isBlank() ? username : displayName;
        roles = Set.copyOf(roles);
        approverGroups = Set.copyOf(approverGroups);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isApprover() {
        return has(Role.APPROVER);
    }

    public boolean isEngineer() {
        return has(Role.ENGINEER);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** Roles in a stable order, for the header. */
    public List<Role> sortedRoles() {
        return roles.stream().sorted().toList();
    }

    public List<String> sortedGroups() {
        return approverGroups.stream().sorted().toList();
    }

    public boolean canAudit() {
        return has(Role.AUDITOR) || has(Role.ADMIN);
    }
}
