package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.countersign.workflows.ChangeRequestProcess.RetiredJobTypes;
import org.springframework.stereotype.Component;

/**
 * Checks the stored plan against the hash the process carries and binds the request ({@link PlanBinding}). Only
 * instances of definitions deployed by earlier releases have this step: the current model verifies and binds in
 * record-classification ({@link RecordClassificationWorker}), one engine hand-off fewer on every plan.
 */
@Component
public class VerifyPlanWorker {

    private final PlanBinding binding;

    VerifyPlanWorker(PlanBinding binding) {
        this.binding = binding;
    }

    @JobWorker(type = RetiredJobTypes.VERIFY_PLAN, autoComplete = false)
    public void verify(JobClient client, ActivatedJob job, @Variable String requestId, @Variable String planHash) {
        if (binding.bind(job, requestId, planHash).isPresent()) {
            client.newCompleteCommand(job.getKey()).send().join();
        }
    }
}
