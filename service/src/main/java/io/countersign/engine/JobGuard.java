package io.countersign.engine;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.RequestAudit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first thing every worker asks: does this job belong to us? It does only if its process definition is one
 * this application deployed ({@link DeployedPolicies}) and its process instance is the one bound to the request
 * it names. Anything else (a look-alike model, an instance someone else started) is refused: an audit entry on the
 * named request if it exists, and the job failed with no retries, so the engine shows an incident. The request
 * itself is left as it is: a foreign instance naming a real request must not stall or change it.
 */
@Component
class JobGuard {

    static final String REFUSED = "JOB_REFUSED";
    private static final Logger LOG = LoggerFactory.getLogger(JobGuard.class);

    private final DeployedPolicies definitions;
    private final ChangeRequestRepository requests;
    private final RequestAudit audit;

    JobGuard(DeployedPolicies definitions, ChangeRequestRepository requests, RequestAudit audit) {
        this.definitions = definitions;
        this.requests = requests;
        this.audit = audit;
    }

    /** For every step after the binding one: our definition, and the instance bound to the request. */
    void admit(ActivatedJob job, String requestId) {
        Optional<ChangeRequest> request = check(job, requestId);
        Long bound = request.get().processInstanceKey();
        if (bound == null || bound != job.getProcessInstanceKey()) {
            refuse(job, requestId, request, bound == null
                    ? "the request is not bound to any process instance yet"
                    : "the request is bound to process instance " + bound);
        }
    }

    /**
     * The whole of a worker whose job is one domain step on its request and hands nothing back (lapse an approval,
     * escalate an overdue review): admitted as {@link #admit}, then the step.
     */
    void admitThen(ActivatedJob job, String requestId, java.util.function.Consumer<String> step) {
        admit(job, requestId);
        step.accept(requestId);
    }

    /**
     * For the step that binds the request to its instance (record-classification; verify-plan in definitions deployed
     * by earlier releases): our definition only.
     */
    void admitBinding(ActivatedJob job, String requestId) {
        check(job, requestId);
    }

    /**
     * A second instance of a request reached the binding step: the outbox's resend after a crash between start and
     * acknowledgement, or an instance some other engine client started with the request's own plan hash. Either way
     * it is cancelled, and written down as a refusal so that it is never silent.
     */
    void cancelSecondInstance(ActivatedJob job, String requestId, io.camunda.client.CamundaClient camunda) {
        ChangeRequest request = requests.find(requestId).orElseThrow();
        String why = "the request is bound to process instance " + request.processInstanceKey()
                + "; this second instance of it is cancelled";
        LOG.warn("Job {} ({}) of process instance {}: {}", job.getKey(), job.getType(), job.getProcessInstanceKey(),
                why);
        audit.system(REFUSED, request, "REFUSED", details(job, why));
        camunda.newCancelInstanceCommand(job.getProcessInstanceKey()).send().join();
    }

    private Optional<ChangeRequest> check(ActivatedJob job, String requestId) {
        Optional<ChangeRequest> request = requestId == null ? Optional.empty() : requests.find(requestId);
        if (!definitions.isOurs(job.getProcessDefinitionKey())) {
            refuse(job, requestId, request, "process definition " + job.getProcessDefinitionKey()
                    + " was not deployed by this application");
        }
        if (request.isEmpty()) {
            refuse(job, requestId, request, "no such change request");
        }
        return request;
    }

    private void refuse(ActivatedJob job, String requestId, Optional<ChangeRequest> request, String why) {
        String reason = "Job " + job.getKey() + " (" + job.getType() + ") of process instance "
                + job.getProcessInstanceKey() + " refused: " + why;
        LOG.warn("{} (names request {})", reason, requestId);
        request.ifPresent(r -> audit.system(REFUSED, r, "REFUSED", details(job, why)));
        throw CamundaError.jobError(reason, null, 0);
    }

    private static Map<String, Object> details(ActivatedJob job, String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("jobType", job.getType());
        details.put("jobKey", job.getKey());
        details.put("processInstanceKey", job.getProcessInstanceKey());
        details.put("processDefinitionKey", job.getProcessDefinitionKey());
        details.put("bpmnProcessId", job.getBpmnProcessId());
        details.put("reason", why);
        return details;
    }
}
