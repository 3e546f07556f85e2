package io.countersign.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import io.countersign.support.AppTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The embedded engine as the application wires it. It runs in the application every {@link AppTest} shares (its own
 * data directory and a free engine port), rather than in a context of its own that would start a second engine.
 */
class EmbeddedEngineConfigurationTest extends AppTest {

    @Value("${countersign.data-dir}")
    Path dataDir;

    @Autowired
    CamundaClient client;

    @Autowired
    ConfigurableListableBeanFactory beanFactory;

    @Test
    void theCamundaClientReachesTheEmbeddedEngine() {
        Topology topology = client.newTopologyRequest().send().join();

        assertThat(topology.getBrokers()).singleElement()
                .satisfies(broker -> assertThat(broker.getPartitions()).hasSize(1));
        assertThat(LogSegment.file(dataDir.resolve("engine"), 1)).exists();
    }

    @Test
    void theEngineCredentialLivesInTheDataDirReadableByTheOwnerOnly() throws Exception {
        Path file = dataDir.resolve("engine").resolve(EngineCredential.DEFAULT_FILE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void theCamundaClientIsCreatedAfterAndDestroyedBeforeTheEngine() {
        for (String client : beanFactory.getBeanNamesForType(CamundaClient.class)) {
            assertThat(beanFactory.getBeanDefinition(client).getDependsOn())
                    .contains(EmbeddedEngineConfiguration.ENGINE_BEAN);
        }
    }

    @Test
    void theEngineClockMovesForward() {
        Instant before = engineClock.now();

        engineClock.advance(Duration.ofDays(1));

        assertThat(engineClock.now()).isAfterOrEqualTo(before.plus(Duration.ofDays(1)));
    }
}
