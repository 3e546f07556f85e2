package io.countersign.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.RetiredJobTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code engine}: OUT_OF_SERVICE until the engine can move requests, i.e. until the embedded engine has replayed its
 * log (or, with the {@code camunda} profile, the cluster's gateway answers) and a job worker is open for every job
 * type the workflow has. Part of the readiness group, so a load balancer sends no traffic to an instance whose
 * requests would only wait; liveness does not look at it, so a long replay never gets the instance restarted.
 */
@Component
class EngineHealthIndicator implements HealthIndicator {

    private static final Duration TOPOLOGY_TIMEOUT = Duration.ofSeconds(3);
    /** The current model's job types and the retired ones, whose workers still serve earlier definitions. */
    static final List<String> JOB_TYPES = Stream.of(JobTypes.class, RetiredJobTypes.class)
            .flatMap(types -> Arrays.stream(types.getFields()))
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(EngineHealthIndicator::value)
            .toList();

    private final ObjectProvider<EngineReplay> replay;
    private final ObjectProvider<JobWorkerManager> workers;
    private final ObjectProvider<CamundaClient> camunda;

    EngineHealthIndicator(ObjectProvider<EngineReplay> replay, ObjectProvider<JobWorkerManager> workers,
            ObjectProvider<CamundaClient> camunda) {
        this.replay = replay;
        this.workers = workers;
        this.camunda = camunda;
    }

    @Override
    public Health health() {
        EngineReplay embedded = replay.getIfAvailable();
        Health.Builder health = Health.up();
        if (embedded != null) {
            String phase = embedded.phase();
            health.withDetail("engine", "embedded").withDetail("phase", phase);
            embedded.replayTime().ifPresent(took -> health.withDetail("replayMillis", took.toMillis()));
            if (!embedded.replayed()) {
                boolean replaying = phase.equals("INITIAL") || phase.equals("REPLAY");
                return (replaying ? health.outOfService() : health.down()).build();
            }
        } else {
            health.withDetail("engine", "cluster");
            try {
                camunda.getObject().newTopologyRequest().send().get(TOPOLOGY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return health.down().withDetail("gateway", "no answer: " + e.getClass().getSimpleName()).build();
            }
        }
        JobWorkerManager manager = workers.getIfAvailable();
        List<String> closed = JOB_TYPES.stream()
                .filter(type -> manager == null || manager.findJobWorkerConfigByType(type).isEmpty())
                .toList();
        if (!closed.isEmpty()) {
            return health.outOfService().withDetail("workersNotOpen", closed).build();
        }
        return health.withDetail("workers", JOB_TYPES.size()).build();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
