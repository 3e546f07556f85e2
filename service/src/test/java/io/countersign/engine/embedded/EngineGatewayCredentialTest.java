package io.countersign.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine's gateway admits the bearer of its credential and nobody else. */
class EngineGatewayCredentialTest {

    @TempDir
    static Path dataDir;

    private static final int PORT = TestProcesses.freePort();
    private static EmbeddedEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = EmbeddedEngine.start(dataDir, "127.0.0.1", PORT);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @Test
    void refusesACallWithoutACredential() {
        try (CamundaClient stranger = client(null)) {
            assertUnauthenticated(() -> stranger.newTopologyRequest().send().join());
        }
    }

    @Test
    void refusesACallWithAWrongBearer() {
        try (CamundaClient stranger = client(bearer("Bearer " + "A".repeat(43)))) {
            assertUnauthenticated(() -> stranger.newTopologyRequest().send().join());
        }
    }

    @Test
    void refusesTheCredentialPresentedInAnotherScheme() {
        String value = engine.credential().authorization().substring(EngineCredential.BEARER.length());
        try (CamundaClient stranger = client(bearer("Basic " + value))) {
            assertUnauthenticated(() -> stranger.newTopologyRequest().send().join());
        }
    }

    @Test
    void aRefusedDeploymentChangesNothing() {
        try (CamundaClient stranger = client(null);
             CamundaClient owner = client(new EngineCredentials(engine.credential()))) {
            assertUnauthenticated(() -> stranger.newDeployResourceCommand()
                    .addProcessModel(TestProcesses.waitsForTimer(), "refused.bpmn").send().join());

            assertThatThrownBy(() -> owner.newCreateInstanceCommand()
                    .bpmnProcessId(TestProcesses.WAITS_FOR_TIMER).latestVersion().send().join())
                    .isInstanceOfSatisfying(ClientStatusException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }

    @Test
    void admitsTheCredentialOnRequestsAndJobStreams() {
        List<ActivatedJob> streamed = new CopyOnWriteArrayList<>();
        try (CamundaClient owner = client(new EngineCredentials(engine.credential()));
             var worker = owner.newWorker().jobType(TestProcesses.JOB_AFTER_WAIT)
                     .handler((jobClient, job) -> {
                         streamed.add(job);
                         jobClient.newCompleteCommand(job).send().join();
                     })
                     .streamEnabled(true)
                     .pollInterval(Duration.ofHours(1))
                     .open()) {
            assertThat(owner.newTopologyRequest().send().join().getBrokers()).hasSize(1);
            TestProcesses.deploy(owner);
            long instance = TestProcesses.startWaitingForMessage(owner, "order-streamed");
            TestProcesses.publish(owner, "order-streamed");

            await().atMost(Duration.ofSeconds(20)).until(() -> streamed.stream()
                    .anyMatch(job -> job.getProcessInstanceKey() == instance));
        }
    }

    private static void assertUnauthenticated(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ClientStatusException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    private static CredentialsProvider bearer(String authorization) {
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

    private static CamundaClient client(CredentialsProvider credentials) {
        var builder = CamundaClient.newClientBuilder()
                .applyEnvironmentVariableOverrides(false)
                .preferRestOverGrpc(false)
                .grpcAddress(URI.create("http://127.0.0.1:" + PORT))
                .defaultRequestTimeout(Duration.ofSeconds(10));
        return credentials == null ? builder.build() : builder.credentialsProvider(credentials).build();
    }
}
