package io.countersign.ui.submit;

import java.util.List;

/**
 * What the submit form offers to choose from, so a plan names a service the teams directory routes and an
 * environment the policy knows instead of free text the policy denies at once.
 *
 * @param services     the services in the teams directory, sorted
 * @param environments the environments the policy knows, least to most severe
 */
public record PlanChoices(List<String> services, List<String> environments) {

    public PlanChoices {
        services = List.copyOf(services);
        environments = List.copyOf(environments);
    }
}
