package io.countersign.engine;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.countersign.stall.StalledRequests;
import io.countersign.support.AppTest;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.RiskInputFields;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client that holds the engine credential (the application's own client stands in for it) forges the DMN inputs of
 * a real production DROP plan: it cancels the instance the application started and starts its own for the same
 * request, with everything the same but the risk inputs, before any instance was bound to the request. The engine's
 * DMN then says LOW; the service, which classifies from the stored plan, disagrees and stops the request visibly: no
 * approval, no token.
 */
class ForgedRiskInputsTest extends AppTest {

    @Autowired
    private CamundaClient camunda;

    @Autowired
    private JobWorkerManager workers;

    @Autowired
    private StalledRequests stalls;

    @Test
    void forgedLowRiskInputsForAProductionDropEndAtADisagreementNotAnApproval() {
        Map<String, Object> drop = action("DROP", "RESOURCE", false);
        drop.put("resourceType", "database");
        drop.put("resource", "ledger");
        drop.put("command", "psql -c 'DROP DATABASE ledger'");

        String id;
        AtomicReference<ActivatedJob> genuine = new AtomicReference<>();
        JobWorkerValue recordClassification =
                workers.findJobWorkerConfigByType(JobTypes.RECORD_CLASSIFICATION).orElseThrow();
        stopWorker(JobTypes.RECORD_CLASSIFICATION);
        try {
            id = submit("alice", plan("alice", "production", drop)).path("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                genuine.set(activateRecordClassificationOf(id));
                return genuine.get() != null;
            });
            camunda.newCancelInstanceCommand(genuine.get().getProcessInstanceKey()).send().join();
            Map<String, Object> forged = new HashMap<>(genuine.get().getVariablesAsMap());
            // What the outbox started the instance with: the engine's own evaluation results are left out.
            forged.keySet().removeAll(List.of(Variables.ACTION_RISKS, Variables.RISK));
            forged.put(Variables.RISK_INPUTS, List.of(forgedLowRiskInput()));
            camunda.newCreateInstanceCommand().processDefinitionKey(genuine.get().getProcessDefinitionKey())
                    .variables(forged).send().join();
        } finally {
            workers.openWorker(camunda, recordClassification);
        }

        JsonNode disagreement = await().atMost(Duration.ofSeconds(30)).until(
                () -> events("CLASSIFICATION_DISAGREEMENT", id), items -> items.size() == 1).get(0);
        assertThat(disagreement.path("details").path("reason").asText())
                .contains("engine said LOW by rule low-read-only, service says CRITICAL by rule "
                        + "critical-production-destructive");
        // The stall commits in its own transaction, just after the disagreement's audit entry: wait for it.
        await().atMost(Duration.ofSeconds(30)).until(() -> stalls.current(id).isPresent());
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> events("STALLED", id), e -> !e.isEmpty()))
                .hasSize(1);
        assertThat(events("CLASSIFIED", id)).isEmpty();
        JsonNode request = as("alice").get("/api/v1/change-requests/" + id).json();
        assertThat(request.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(request.path("approvalToken").isMissingNode()).isTrue();
    }

    /**
     * Closes the application's worker for one job type and reopens the others. The 8.8 starter closes workers only
     * all at once (or by a handle it does not expose), so this uses its public calls: close all, open the rest again.
     */
    private void stopWorker(String type) {
        List<JobWorkerValue> others = new ArrayList<>();
        List<Field> fields = new ArrayList<>(List.of(JobTypes.class.getFields()));
        fields.addAll(List.of(io.countersign.workflows.ChangeRequestProcess.RetiredJobTypes.class.getFields()));
        for (Field field : fields) {
            String other = (String) readConstant(field);
            if (!other.equals(type)) {
                workers.findJobWorkerConfigByType(other).ifPresent(others::add);
            }
        }
        workers.closeAllOpenWorkers();
        others.forEach(value -> workers.openWorker(camunda, value));
    }

    private static Object readConstant(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the forging client wants the engine to evaluate: a read in a sandbox. */
    private static Map<String, Object> forgedLowRiskInput() {
        return Map.of(RiskInputFields.ENVIRONMENT, "sandbox", RiskInputFields.OPERATION, "READ",
                RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, false, RiskInputFields.SCOPE, "RESOURCE",
                RiskInputFields.REGION_COUNT, 1, RiskInputFields.REVERSIBLE, true,
                RiskInputFields.HAS_ROLLBACK_PLAN, true);
    }

    /** Activates this request's record-classification job; any other request's is handed straight back, unchanged. */
    private ActivatedJob activateRecordClassificationOf(String requestId) {
        ActivatedJob mine = null;
        for (ActivatedJob job : camunda.newActivateJobsCommand().jobType(JobTypes.RECORD_CLASSIFICATION)
                .maxJobsToActivate(10)
                .send().join().getJobs()) {
            if (requestId.equals(job.getVariablesAsMap().get(Variables.REQUEST_ID))) {
                mine = job;
            } else {
                camunda.newFailCommand(job).retries(job.getRetries()).retryBackoff(Duration.ZERO).send().join();
            }
        }
        return mine;
    }

    private List<JsonNode> events(String type, String requestId) {
        List<JsonNode> items = new ArrayList<>();
        as("erin").get("/api/v1/audit/events?type=" + type + "&requestId=" + requestId).json().path("items")
                .forEach(items::add);
        return items;
    }
}
