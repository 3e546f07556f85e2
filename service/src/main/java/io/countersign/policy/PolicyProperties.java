package io.countersign.policy;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The teams directory and routing options: which approver group owns each service, who the SRE group is, who is
 * added when an approval escalates, and whether two-person review needs one approver from each group.
 *
 * @param owningGroups       service name → the owning team's approver group
 * @param defaultOwningGroup the group for services the directory does not list
 * @param twoPersonMode      {@code OWNING_TEAM_AND_SRE} (one from each) or {@code ANY_TWO} (any two approvers)
 */
@ConfigurationProperties("countersign.policy")
public record PolicyProperties(
        @DefaultValue Map<String, String> owningGroups,
        @DefaultValue("platform-approvers") String defaultOwningGroup,
        @DefaultValue("sre") String sreGroup,
        @DefaultValue("sre-leads") String escalationGroup,
        @DefaultValue("OWNING_TEAM_AND_SRE") TwoPersonMode twoPersonMode) {

    public enum TwoPersonMode { OWNING_TEAM_AND_SRE, ANY_TWO }

    public String owningGroup(String service) {
        return owningGroups.getOrDefault(service, defaultOwningGroup);
    }

    /** Resolves the DMN's approver roles into group names for a service. */
    public List<String> groupsFor(String approverRoles, String service) {
        return switch (approverRoles) {
            case "OWNING_TEAM" -> List.of(owningGroup(service));
            case "SRE" -> List.of(sreGroup);
            case "OWNING_TEAM_AND_SRE" -> List.of(owningGroup(service), sreGroup);
            case "NONE" -> List.of();
            default -> throw new IllegalArgumentException("unknown approver roles from the policy: " + approverRoles);
        };
    }
}
