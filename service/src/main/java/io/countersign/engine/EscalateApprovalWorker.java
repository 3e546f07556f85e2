package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.Approvals;
import io.countersign.policy.PolicyProperties;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Flags an approval that ran past its SLA and routes it to the escalation group as well. */
@Component
public class EscalateApprovalWorker {

    private final Approvals approvals;
    private final PolicyProperties policy;
    private final JobGuard guard;

    EscalateApprovalWorker(Approvals approvals, PolicyProperties policy, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
        this.policy = policy;
    }

    @JobWorker(type = JobTypes.ESCALATE_APPROVAL)
    public Map<String, Object> escalate(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        return Map.of(Variables.ESCALATION_GROUPS, approvals.escalate(requestId, policy.escalationGroup()));
    }
}
