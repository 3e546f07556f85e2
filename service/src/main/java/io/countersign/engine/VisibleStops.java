package io.countersign.engine;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.approval.Approvals;
import io.countersign.stall.StalledJob;
import io.countersign.stall.StalledRequests;
import org.springframework.stereotype.Component;

/**
 * Where a worker stops when the workflow and the service's stored conclusion disagree: an audit entry, a stalled
 * request, and a job failed with no retries so the engine holds it at an incident. Never a guess at either side.
 */
@Component
class VisibleStops {

    private final Approvals approvals;
    private final StalledRequests stalls;

    VisibleStops(Approvals approvals, StalledRequests stalls) {
        this.approvals = approvals;
        this.stalls = stalls;
    }

    /** Records the disagreement and returns the job error to throw. */
    RuntimeException disagreement(ActivatedJob job, String requestId, String why) {
        approvals.recordDisagreement(requestId, job.getType(), why);
        stalls.stall(requestId, new StalledJob(job.getProcessInstanceKey(), job.getKey(), job.getElementInstanceKey(),
                job.getElementId(), job.getType()), why);
        return CamundaError.jobError(why, null, 0);
    }
}
