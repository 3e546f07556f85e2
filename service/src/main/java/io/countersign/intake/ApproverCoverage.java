package io.countersign.intake;

import io.countersign.policy.Classification;
import io.countersign.policy.PolicyProperties;
import io.countersign.policy.RiskPolicy;
import io.countersign.security.PersonName;
import io.countersign.security.UserDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Whether anybody can approve what a plan is routed to. A plan sent to a group with no eligible approver (nobody
 * in it, or only the requesting side) would sit pending until it expires with nobody told; this names that at
 * submit, on the request page and on the admin page. It warns, it never decides: who may approve stays with
 * {@code approval.Approval}, and the directory may change before anyone looks.
 */
@Component
public class ApproverCoverage {

    /** A group the routing can send plans to that nobody can approve for now. */
    public record UncoveredGroup(String group, String routedFor) {
    }

    private final UserDirectory users;
    private final PolicyProperties routing;
    private final RiskPolicy policy;

    ApproverCoverage(UserDirectory users, PolicyProperties routing, RiskPolicy policy) {
        this.users = users;
        this.routing = routing;
        this.policy = policy;
    }

    /** For a stored request: its recorded routing, or the policy's verdict while it is not classified yet. */
    public List<String> warnings(ChangeRequest request) {
        Classification routed = request.classification() != null ? request.classification()
                : policy.classify(RiskFacts.of(request.submission().plan())).classification();
        return warnings(routed, request.submission().requesterSide());
    }

    /**
     * Sentences for the requester and the approvers; empty when the approvals the tier needs can be given.
     *
     * @param requesterSide canonical names of the people who may not approve this plan
     */
    public List<String> warnings(Classification routed, Set<String> requesterSide) {
        if (!routed.tier().needsApproval()) {
            return List.of();
        }
        return warnings(routed.tier().name(), routed.requiredApprovals(), routed.approverGroups(),
                routed.requireEachGroup(), requesterSide);
    }

    /** For the policy's dry run, which routes as the workflow would and names the requesting side. */
    public List<String> warnings(PolicyCheck.Result check) {
        PolicyCheck.Approvers approvers = check.approvers();
        if (approvers.requiredApprovals() == 0) {
            return List.of();
        }
        return warnings(check.tier().name(), approvers.requiredApprovals(), approvers.approverGroups(),
                approvers.requireEachGroup(), Set.copyOf(approvers.excluded()));
    }

    private List<String> warnings(String tier, int requiredApprovals, List<String> groups, boolean requireEachGroup,
                                  Set<String> requesterSide) {
        List<String> warnings = new ArrayList<>();
        Map<String, List<String>> eligible = new LinkedHashMap<>();
        for (String group : groups) {
            List<String> members = users.approversIn(group).stream().map(PersonName::value).toList();
            List<String> others = members.stream().filter(m -> !requesterSide.contains(m)).toList();
            eligible.put(group, others);
            if (others.isEmpty() && (requireEachGroup || groups.size() == 1)) {
                warnings.add("Nobody can approve for " + group + ": it has no enabled approver"
                        + (members.isEmpty() ? "" : " other than the requesting side (" + String.join(", ", members)
                        + ")") + ". The plan will wait until it expires unless an admin adds someone to " + group
                        + ".");
            }
        }
        Set<String> people = new LinkedHashSet<>();
        eligible.values().forEach(people::addAll);
        if (warnings.isEmpty() && people.size() < requiredApprovals) {
            warnings.add("The " + tier + " tier needs " + requiredApprovals
                    + " distinct approvers from " + String.join(", ", groups) + ", but only "
                    + people.size() + (people.size() == 1 ? " person" : " people") + " can approve it"
                    + (people.isEmpty() ? "" : " (" + String.join(", ", people) + ")") + ".");
        }
        return List.copyOf(warnings);
    }

    /** Every group the teams directory routes plans to with nobody in it who can approve, in routing order. */
    public List<UncoveredGroup> uncoveredGroups() {
        Map<String, List<String>> routedFor = new LinkedHashMap<>();
        routing.owningGroups().forEach((service, group) ->
                routedFor.computeIfAbsent(group, g -> new ArrayList<>()).add("owning team of " + service));
        routedFor.computeIfAbsent(routing.defaultOwningGroup(), g -> new ArrayList<>())
                .add("owning team of every service not in the directory");
        routedFor.computeIfAbsent(routing.sreGroup(), g -> new ArrayList<>()).add("SRE (HIGH and CRITICAL plans)");
        routedFor.computeIfAbsent(routing.escalationGroup(), g -> new ArrayList<>()).add("escalations");
        return routedFor.entrySet().stream()
                .filter(e -> users.approversIn(e.getKey()).isEmpty())
                .map(e -> new UncoveredGroup(e.getKey(), String.join("; ", e.getValue())))
                .toList();
    }
}
