package io.countersign.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.exception.CamundaError;
import io.countersign.intake.PlanMismatch;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.Errors;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/**
 * Checks the stored plan against the hash the process carries; a duplicate instance of a request is cancelled. Only
 * instances of definitions deployed by earlier releases have this step: the current model verifies and binds in
 * record-classification ({@link RecordClassificationWorker}), one engine hand-off fewer on every plan.
 */
@Component
public class VerifyPlanWorker {

    private final RequestLifecycle lifecycle;
    private final CamundaClient camunda;
    private final JobGuard guard;

    VerifyPlanWorker(RequestLifecycle lifecycle, CamundaClient camunda, JobGuard guard) {
        this.guard = guard;
        this.lifecycle = lifecycle;
        this.camunda = camunda;
    }

    @JobWorker(type = JobTypes.VERIFY_PLAN, autoComplete = false)
    public void verify(JobClient client, ActivatedJob job, @Variable String requestId, @Variable String planHash) {
        guard.admitBinding(job, requestId);
        boolean first;
        try {
            first = lifecycle.verifyPlan(requestId, planHash, job.getProcessInstanceKey());
        } catch (PlanMismatch e) {
            throw CamundaError.bpmnError(Errors.PLAN_MISMATCH, e.getMessage());
        }
        if (first) {
            client.newCompleteCommand(job.getKey()).send().join();
        } else {
            // The outbox started this request twice (a crash between start and acknowledgement): run it once.
            camunda.newCancelInstanceCommand(job.getProcessInstanceKey()).send().join();
        }
    }
}
