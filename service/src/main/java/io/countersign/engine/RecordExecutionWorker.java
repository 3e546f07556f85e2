package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Closes the request with the outcome the agent reported (already stored when the report was accepted). */
@Component
public class RecordExecutionWorker {

    private final RequestLifecycle lifecycle;

    RecordExecutionWorker(RequestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.RECORD_EXECUTION)
    public void record(@Variable String requestId, @Variable Map<String, Object> execution) {
        lifecycle.recordExecution(requestId, String.valueOf(execution.get("outcome")),
                String.valueOf(execution.get("reportedBy")));
    }
}
