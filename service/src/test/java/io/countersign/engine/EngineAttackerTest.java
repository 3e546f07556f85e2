package io.countersign.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.countersign.audit.AuditEntry;
import io.countersign.audit.AuditReader;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import io.countersign.workflows.ChangeRequestProcess;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import io.grpc.Status;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A program on the same host as Countersign that is not Countersign tries to take the gate over through the engine:
 * first without the engine credential, then with it (as if it had read the file), with a look-alike workflow.
 */
class EngineAttackerTest extends AppTest {

    private static final Map<String, Object> FORGED_RISK = Map.of(
            "tier", "LOW", "rank", 0, "approverRoles", List.of(), "requiredApprovals", 0, "reason", "forged");

    @Value("${countersign.engine.port}")
    int enginePort;

    @Value("${countersign.engine.credential-file}")
    Path credentialFile;

    @Autowired
    AuditReader audit;

    @Autowired
    DeployedPolicies deployed;

    @Autowired
    ObjectMapper json;

    @Test
    void withoutTheCredentialNothingTheAttackerSendsIsAdmittedAndNoPlanIsApproved() throws Exception {
        List<ActivatedJob> won = new CopyOnWriteArrayList<>();
        List<JobWorker> workers = new ArrayList<>();
        List<String> submitted = new ArrayList<>();
        try (CamundaClient attacker = engineClient(null)) {
            assertUnauthenticated(() -> attacker.newDeployResourceCommand()
                    .addProcessModel(lookAlike(), ChangeRequestProcess.BPMN_RESOURCE).send().join());
            for (String type : names(JobTypes.class)) {
                workers.add(attacker.newWorker().jobType(type)
                        .handler((client, job) -> {
                            won.add(job);
                            client.newCompleteCommand(job).variables(forgedVariables()).send().join();
                        })
                        .streamEnabled(true)
                        .pollInterval(Duration.ofMillis(100))
                        .open());
            }

            for (int i = 0; i < 4; i++) {
                JsonNode plan = submit("alice", dropProductionDatabase());
                submitted.add(plan.path("id").asText());
                for (String message : names(Messages.class)) {
                    assertUnauthenticated(() -> attacker.newPublishMessageCommand().messageName(message)
                            .correlationKey(plan.path("id").asText())
                            .variables(Map.of(Variables.DECISION, Map.of("decision", "APPROVE"))).send().join());
                }
            }
            for (String type : names(JobTypes.class)) {
                assertUnauthenticated(() -> attacker.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                        .send().join());
            }
            assertUnauthenticated(() -> attacker.newTopologyRequest().send().join());
        } finally {
            workers.forEach(JobWorker::close);
        }

        assertThat(won).isEmpty();
        for (String id : submitted) {
            JsonNode request = as("alice").get("/api/v1/change-requests/" + id).json();
            assertThat(request.path("tier").asText()).isEqualTo("CRITICAL");
            assertThat(request.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        }
    }

    @Test
    void aLookAlikeDeployedWithTheCredentialNeverBecomesTheGateAndItsJobsAreRefused() throws Exception {
        String real = submit("alice", dropProductionDatabase()).path("id").asText();
        try (CamundaClient insider = engineClient(credentialFromFile())) {
            long lookAlike = insider.newDeployResourceCommand()
                    .addProcessModel(lookAlike(), ChangeRequestProcess.BPMN_RESOURCE).send().join()
                    .getProcesses().getFirst().getProcessDefinitionKey();
            assertThat(lookAlike).isNotEqualTo(deployed.processDefinitionKey().orElseThrow());

            long instance = insider.newCreateInstanceCommand().processDefinitionKey(lookAlike)
                    .variables(forgedVariables(real)).send().join().getProcessInstanceKey();

            JsonNode refusal = awaitRefusal(real, instance);
            assertThat(refusal.path("jobType").asText()).isEqualTo(JobTypes.RECORD_CLASSIFICATION);
            assertThat(refusal.path("reason").asText()).contains("not deployed by this application");
            assertStillAtAnIncident(insider, instance);

            JsonNode later = submit("alice", dropProductionDatabase());
            assertThat(later.path("tier").asText()).isEqualTo("CRITICAL");
            assertThat(later.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        }
        assertUnchanged(real);
    }

    @Test
    void anInstanceOfOurOwnWorkflowStartedBesideTheBoundOneIsRefused() throws Exception {
        String real = submit("alice", dropProductionDatabase()).path("id").asText();
        try (CamundaClient insider = engineClient(credentialFromFile())) {
            long instance = insider.newCreateInstanceCommand()
                    .processDefinitionKey(deployed.processDefinitionKey().orElseThrow())
                    .startBeforeElement("service_task_record_classification")
                    .variables(forgedVariables(real)).send().join().getProcessInstanceKey();

            JsonNode refusal = awaitRefusal(real, instance);
            assertThat(refusal.path("reason").asText()).contains("bound to process instance");
            assertStillAtAnIncident(insider, instance);
        }
        assertUnchanged(real);
    }

    @Test
    void aSecondInstanceWithTheRequestsOwnPlanHashIsCancelledAndWrittenDown() throws Exception {
        JsonNode submitted = submit("alice", dropProductionDatabase());
        String real = submitted.path("id").asText();
        Map<String, Object> variables = forgedVariables(real);
        variables.put(Variables.PLAN_HASH, submitted.path("planHash").asText());
        try (CamundaClient insider = engineClient(credentialFromFile())) {
            long instance = insider.newCreateInstanceCommand()
                    .processDefinitionKey(deployed.processDefinitionKey().orElseThrow())
                    .startBeforeElement("service_task_record_classification")
                    .variables(variables).send().join().getProcessInstanceKey();

            JsonNode refusal = awaitRefusal(real, instance);
            assertThat(refusal.path("jobType").asText()).isEqualTo(JobTypes.RECORD_CLASSIFICATION);
            assertThat(refusal.path("reason").asText()).contains("bound to process instance")
                    .contains("second instance of it is cancelled");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    catchThrowable(() -> insider.newCancelInstanceCommand(instance).send().join()))
                    .hasMessageContaining("NOT_FOUND"));
        }
        assertUnchanged(real);
    }

    private JsonNode awaitRefusal(String requestId, long processInstanceKey) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> audit.timeline(requestId).stream()
                .filter(entry -> entry.type().equals(JobGuard.REFUSED))
                .map(this::details)
                .filter(details -> details.path("processInstanceKey").asLong() == processInstanceKey)
                .findFirst().orElse(null), found -> found != null);
    }

    /** The refused job was failed with no retries: nobody can take it again, and the instance is still there. */
    private static void assertStillAtAnIncident(CamundaClient insider, long instance) {
        List<ActivatedJob> again = insider.newActivateJobsCommand().jobType(JobTypes.RECORD_CLASSIFICATION)
                .maxJobsToActivate(100).timeout(Duration.ofSeconds(1)).send().join().getJobs();
        assertThat(again).noneMatch(job -> job.getProcessInstanceKey() == instance);
        insider.newCancelInstanceCommand(instance).send().join();
    }

    private void assertUnchanged(String requestId) {
        JsonNode request = as("alice").get("/api/v1/change-requests/" + requestId).json();
        assertThat(request.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(request.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(audit.timeline(requestId)).extracting(AuditEntry::type)
                .doesNotContain("STALLED", "APPROVED")
                .filteredOn("CLASSIFIED"::equals).hasSize(1);
    }

    private JsonNode details(AuditEntry entry) {
        try {
            return json.readTree(entry.details());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The workflow as an attacker would write it: the same process id and job types, risk always LOW. */
    private static BpmnModelInstance lookAlike() {
        return Bpmn.createExecutableProcess(ChangeRequestProcess.PROCESS_ID)
                .startEvent("start_event_submitted")
                .serviceTask("service_task_record_classification",
                        task -> task.zeebeJobType(JobTypes.RECORD_CLASSIFICATION))
                .serviceTask("service_task_approve_request", task -> task.zeebeJobType(JobTypes.APPROVE_REQUEST))
                .endEvent("end_event_approved")
                .done();
    }

    private static Map<String, Object> forgedVariables() {
        return forgedVariables("forged");
    }

    private static Map<String, Object> forgedVariables(String requestId) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(Variables.REQUEST_ID, requestId);
        variables.put(Variables.RISK, FORGED_RISK);
        variables.put(Variables.SERVICE, "cost-explorer");
        variables.put(Variables.TIER, "LOW");
        return variables;
    }

    private static Map<String, Object> dropProductionDatabase() {
        Map<String, Object> drop = Plans.action("DROP", "RESOURCE", false);
        drop.put("resourceType", "database");
        drop.put("resource", "cost-explorer-db");
        drop.put("command", "psql -c 'DROP DATABASE cost_explorer'");
        return Plans.plan("alice", "production", drop);
    }

    private static List<String> names(Class<?> constants) {
        return Arrays.stream(constants.getFields()).map(EngineAttackerTest::value).toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private CredentialsProvider credentialFromFile() throws IOException {
        String authorization = "Bearer " + Files.readString(credentialFile).strip();
        return new CredentialsProvider() {
            @Override
            public void applyCredentials(CredentialsApplier applier) {
                applier.put("Authorization", authorization);
            }

            @Override
            public boolean shouldRetryRequest(StatusCode statusCode) {
                return false;
            }
        };
    }

    private CamundaClient engineClient(CredentialsProvider credentials) {
        var builder = CamundaClient.newClientBuilder()
                .applyEnvironmentVariableOverrides(false)
                .preferRestOverGrpc(false)
                .grpcAddress(URI.create("http://127.0.0.1:" + enginePort))
                .defaultRequestTimeout(Duration.ofSeconds(10));
        return credentials == null ? builder.build() : builder.credentialsProvider(credentials).build();
    }

    private static void assertUnauthenticated(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClientStatusException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
}
