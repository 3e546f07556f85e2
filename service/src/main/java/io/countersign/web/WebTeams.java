package io.countersign.web;

import io.countersign.policy.PolicyProperties;
import io.countersign.ui.admin.Teams;
import io.countersign.ui.admin.TeamsDirectory;
import org.springframework.stereotype.Component;

/** The teams directory as configured; the Admin page shows it and says where to change it. */
@Component
class WebTeams implements TeamsDirectory {

    private final PolicyProperties policy;

    WebTeams(PolicyProperties policy) {
        this.policy = policy;
    }

    @Override
    public Teams teams() {
        return new Teams(policy.owningGroups(), policy.defaultOwningGroup(), policy.sreGroup(),
                policy.escalationGroup(), policy.twoPersonMode().name(), "countersign.policy.*");
    }
}
