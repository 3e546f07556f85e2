package io.countersign.web;

import io.countersign.intake.ApproverCoverage;
import io.countersign.policy.PolicyProperties;
import io.countersign.ui.admin.Teams;
import io.countersign.ui.admin.TeamsDirectory;
import io.countersign.ui.admin.UncoveredGroup;
import java.util.List;
import org.springframework.stereotype.Component;

/** The teams directory as configured; the Admin page shows it and says where to change it. */
@Component
class WebTeams implements TeamsDirectory {

    private final PolicyProperties policy;
    private final ApproverCoverage coverage;

    WebTeams(PolicyProperties policy, ApproverCoverage coverage) {
        this.policy = policy;
        this.coverage = coverage;
    }

    @Override
    public List<UncoveredGroup> uncoveredGroups() {
        return coverage.uncoveredGroups().stream().map(g -> new UncoveredGroup(g.group(), g.routedFor())).toList();
    }

    @Override
    public Teams teams() {
        return new Teams(policy.owningGroups(), policy.defaultOwningGroup(), policy.sreGroup(),
                policy.escalationGroup(), policy.twoPersonMode().name(), "countersign.policy.*");
    }
}
