package io.countersign.engine.embedded;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Two tiny processes that wait (for a message, for an hour), then open a job the test can see. */
final class TestProcesses {

    static final String WAITS_FOR_MESSAGE = "process_waits_for_message";
    static final String WAITS_FOR_TIMER = "process_waits_for_timer";
    static final String MESSAGE = "go-ahead";
    static final String JOB_AFTER_WAIT = "after-wait";
    static final String OPENS_A_JOB = "process_opens_a_job";
    static final String FIRST_STEP = "first-step";

    private TestProcesses() {
    }

    static BpmnModelInstance waitsForMessage() {
        return Bpmn.createExecutableProcess(WAITS_FOR_MESSAGE)
                .startEvent("start_event_submitted")
                .intermediateCatchEvent("message_catch_event_go_ahead")
                .message(message -> message.name(MESSAGE).zeebeCorrelationKeyExpression("orderId"))
                .serviceTask("service_task_after_message", task -> task.zeebeJobType(JOB_AFTER_WAIT))
                .endEvent("end_event_done")
                .done();
    }

    static BpmnModelInstance waitsForTimer() {
        return Bpmn.createExecutableProcess(WAITS_FOR_TIMER)
                .startEvent("start_event_submitted")
                .intermediateCatchEvent("timer_catch_event_one_hour", timer -> timer.timerWithDuration("PT1H"))
                .serviceTask("service_task_after_timer", task -> task.zeebeJobType(JOB_AFTER_WAIT))
                .endEvent("end_event_done")
                .done();
    }

    /** A job at once: written in the same batch as the creation, so an acknowledged instance always has it. */
    static BpmnModelInstance opensAJob() {
        return Bpmn.createExecutableProcess(OPENS_A_JOB)
                .startEvent("start_event_submitted")
                .serviceTask("service_task_first_step", task -> task.zeebeJobType(FIRST_STEP))
                .endEvent("end_event_done")
                .done();
    }

    /** A client bearing the credential of the engine whose data directory is {@code dataDir}. */
    static CamundaClient client(int port, Path dataDir) {
        return client(port, dataDir, Duration.ofSeconds(30));
    }

    static CamundaClient client(int port, Path dataDir, Duration requestTimeout) {
        return CamundaClient.newClientBuilder()
                .applyEnvironmentVariableOverrides(false)
                .credentialsProvider(new EngineCredentials(
                        EngineCredential.loadOrCreate(dataDir.resolve(EngineCredential.DEFAULT_FILE))))
                .preferRestOverGrpc(false)
                .grpcAddress(URI.create("http://127.0.0.1:" + port))
                .defaultRequestTimeout(requestTimeout)
                .build();
    }

    static void deploy(CamundaClient client) {
        client.newDeployResourceCommand()
                .addProcessModel(waitsForMessage(), WAITS_FOR_MESSAGE + ".bpmn")
                .addProcessModel(waitsForTimer(), WAITS_FOR_TIMER + ".bpmn")
                .send()
                .join();
    }

    static long startWaitingForMessage(CamundaClient client, String orderId) {
        return client.newCreateInstanceCommand()
                .bpmnProcessId(WAITS_FOR_MESSAGE)
                .latestVersion()
                .variables(Map.of("orderId", orderId))
                .send()
                .join()
                .getProcessInstanceKey();
    }

    static long startWaitingForTimer(CamundaClient client) {
        return client.newCreateInstanceCommand().bpmnProcessId(WAITS_FOR_TIMER).latestVersion().send().join()
                .getProcessInstanceKey();
    }

    static void publish(CamundaClient client, String orderId) {
        client.newPublishMessageCommand().messageName(MESSAGE).correlationKey(orderId).send().join();
    }

    /** Jobs that only exist once an instance got past its wait state. */
    static List<ActivatedJob> jobsAfterWait(CamundaClient client) {
        return client.newActivateJobsCommand()
                .jobType(JOB_AFTER_WAIT)
                .maxJobsToActivate(100)
                .timeout(Duration.ofMinutes(5))
                .send()
                .join()
                .getJobs();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
