package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.ReviewFields;
import io.countersign.workflows.ChangeRequestProcess.VerdictFields;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The workflow's own review of the decisions disagrees with the service's verdict. Never completes: it records the
 * disagreement and holds the instance at an incident, so neither side's answer is acted on.
 */
@Component
public class ReportDisagreementWorker {

    private final VisibleStops stops;
    private final JobGuard guard;

    ReportDisagreementWorker(VisibleStops stops, JobGuard guard) {
        this.stops = stops;
        this.guard = guard;
    }

    @JobWorker(type = JobTypes.REPORT_DISAGREEMENT)
    public void report(ActivatedJob job, @Variable String requestId,
                       @Variable(optional = true) Map<String, Object> approvalReview,
                       @Variable(optional = true) Map<String, Object> serviceVerdict) {
        guard.admit(job, requestId);
        String workflow = approvalReview == null ? "none" : String.valueOf(approvalReview.get(ReviewFields.OUTCOME));
        String service = serviceVerdict == null ? "none" : String.valueOf(serviceVerdict.get(VerdictFields.OUTCOME));
        throw stops.disagreement(job, requestId, "the workflow's review says " + workflow
                + " but the service's verdict says " + service + "; nothing is approved");
    }
}
