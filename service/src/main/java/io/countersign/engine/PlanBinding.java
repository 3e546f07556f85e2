package io.countersign.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.PlanMismatch;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.Errors;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The step that binds a request to its process instance: record-classification now, verify-plan in definitions
 * deployed by earlier releases. The stored plan must still match the hash the instance carries (else the
 * plan-mismatch error, which the workflow turns into a denial); the first instance to get here is bound; a second
 * one is cancelled and written down.
 */
@Component
class PlanBinding {

    private final RequestLifecycle lifecycle;
    private final JobGuard guard;
    private final CamundaClient camunda;

    PlanBinding(RequestLifecycle lifecycle, JobGuard guard, CamundaClient camunda) {
        this.lifecycle = lifecycle;
        this.guard = guard;
        this.camunda = camunda;
    }

    /**
     * The stored plan, checked against the instance's hash, if the job's instance is the request's own and may go on
     * (binding it again to the same one is a no-op); empty for a second instance, which is cancelled.
     */
    Optional<ChangePlan> bind(ActivatedJob job, String requestId, String planHash) {
        guard.admitBinding(job, requestId);
        Optional<ChangePlan> plan;
        try {
            plan = lifecycle.verifyPlan(requestId, planHash, job.getProcessInstanceKey());
        } catch (PlanMismatch e) {
            throw CamundaError.bpmnError(Errors.PLAN_MISMATCH, e.getMessage());
        }
        if (plan.isEmpty()) {
            // The outbox started this request twice (a crash between start and acknowledgement), or someone else did.
            guard.cancelSecondInstance(job, requestId, camunda);
        }
        return plan;
    }
}
