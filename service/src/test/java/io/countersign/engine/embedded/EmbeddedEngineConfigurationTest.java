package io.countersign.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import io.countersign.engine.EngineClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class EmbeddedEngineConfigurationTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void embeddedEngineOnAFreePort(DynamicPropertyRegistry registry) {
        registry.add("countersign.data-dir", dataDir::toString);
        int port = TestProcesses.freePort();
        registry.add("countersign.engine.port", () -> port);
    }

    @Autowired
    CamundaClient client;

    @Autowired
    EngineClock clock;

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
        Instant before = clock.now();

        clock.advance(Duration.ofDays(1));

        assertThat(clock.now()).isAfterOrEqualTo(before.plus(Duration.ofDays(1)));
    }
}
