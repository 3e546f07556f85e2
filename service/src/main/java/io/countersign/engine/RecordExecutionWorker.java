package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Closes the request with the outcome the agent reported (already stored when the report was accepted). */
@Component
public class RecordExecutionWorker {

    private final RequestLifecycle lifecycle;
    private final JobGuard guard;

    RecordExecutionWorker(RequestLifecycle lifecycle, JobGuard guard) {
        this.guard = guard;
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.RECORD_EXECUTION)
    public void record(ActivatedJob job, @Variable String requestId, @Variable Map<String, Object> execution) {
        guard.admit(job, requestId);
        lifecycle.recordExecution(requestId, String.valueOf(execution.get("outcome")),
                String.valueOf(execution.get("reportedBy")));
    }
}
