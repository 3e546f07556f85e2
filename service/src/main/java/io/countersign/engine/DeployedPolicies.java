package io.countersign.engine;

import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.spring.event.CamundaPostDeploymentSpringEvent;
import io.countersign.workflows.ChangeRequestProcess;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which version of the risk policy each deployed workflow version evaluates, so that every classification can name
 * the DMN version it came from. The workflow binds its decision to its own deployment ({@code bindingType
 * ="deployment"}), so the version is fixed by the process definition, and this application deploys both together
 * (ProcessDeployment). The engine answers a repeated deployment of unchanged models with the versions it already
 * has, so every instance learns the keys in use. A process definition deployed by someone else (an older release
 * of the models still running instances) is not known here.
 */
@Component
class DeployedPolicies {

    private final Map<Long, PolicyVersion> byProcessDefinition = new ConcurrentHashMap<>();

    @EventListener
    void deployed(CamundaPostDeploymentSpringEvent event) {
        for (DeploymentEvent deployment : event.getDeployments()) {
            deployment.getDecisions().stream()
                    .filter(d -> d.getDmnDecisionId().equals(ChangeRequestProcess.DECISION_ID))
                    .findFirst()
                    .ifPresent(decision -> deployment.getProcesses().forEach(process ->
                            byProcessDefinition.put(process.getProcessDefinitionKey(),
                                    new PolicyVersion(decision.getDmnDecisionId(), decision.getVersion(),
                                            decision.getDecisionKey()))));
        }
    }

    Optional<PolicyVersion> forProcessDefinition(long processDefinitionKey) {
        return Optional.ofNullable(byProcessDefinition.get(processDefinitionKey));
    }

    /** A deployed version of the risk policy's decision. */
    record PolicyVersion(String decisionId, int version, long decisionKey) {
    }
}
