package io.countersign.workflows;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.command.ClientStatusException;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** An in-memory engine with the models deployed, its client, and what it recorded. */
final class TestEngine implements AutoCloseable {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The client's wait for any one command. The engine's own client waits 10 s, which a build machine shared with
     * other builds exceeded while a test published hundreds of messages at once (the command was fine, only late).
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final ZeebeTestEngine engine;
    private final ZeebeClient client;
    private final List<Long> startedInstances = new ArrayList<>();

    private TestEngine(ZeebeTestEngine engine, ZeebeClient client) {
        this.engine = engine;
        this.client = client;
    }

    static TestEngine start() {
        ZeebeTestEngine engine = EngineFactory.create();
        engine.start();
        // As engine.createClient() builds it, with a longer wait for each command.
        ZeebeClient client = ZeebeClient.newClientBuilder()
            .applyEnvironmentVariableOverrides(false)
            .preferRestOverGrpc(false)
            .gatewayAddress(engine.getGatewayAddress())
            .usePlaintext()
            .defaultRequestTimeout(REQUEST_TIMEOUT)
            .build();
        client.newDeployResourceCommand()
            .addResourceFromClasspath(ChangeRequestProcess.BPMN_RESOURCE)
            .addResourceFromClasspath(ChangeRequestProcess.DMN_RESOURCE)
            // A loaded build machine can take longer than the client's default to deploy.
            .requestTimeout(Duration.ofSeconds(60))
            .send()
            .join();
        return new TestEngine(engine, client);
    }

    @Override
    public void close() {
        client.close();
        engine.stop();
    }

    ZeebeClient client() {
        return client;
    }

    void remember(long processInstanceKey) {
        startedInstances.add(processInstanceKey);
    }

    /** Moves the engine clock; timers due by then fire without any waiting in real time. */
    void increaseTime(Duration duration) {
        engine.increaseTime(duration);
        waitForIdle();
    }

    void waitForIdle() {
        try {
            engine.waitForIdleState(IDLE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not become idle within " + IDLE_TIMEOUT, e);
        }
    }

    /** Cancels every instance a test left running, so no job or timer of it reaches the next test. */
    void cancelStartedInstances() {
        for (long key : startedInstances) {
            try {
                client.newCancelInstanceCommand(key).send().join();
            } catch (ClientStatusException alreadyEnded) {
                // the instance reached an end event: nothing left to clean up
            }
        }
        startedInstances.clear();
        waitForIdle();
    }

    /** The element lifecycle of one process instance, read from the engine's record stream. */
    Trail trail(long processInstanceKey) {
        return trails(Set.of(processInstanceKey)).get(processInstanceKey);
    }

    /** The trails of many instances in one pass over the record stream. */
    Map<Long, Trail> trails(Collection<Long> processInstanceKeys) {
        Map<Long, List<Trail.Step>> steps = new HashMap<>();
        processInstanceKeys.forEach(key -> steps.put(key, new ArrayList<>()));
        for (Record<?> record : engine.getRecordStreamSource().getRecords()) {
            if (record.getRecordType() == RecordType.EVENT && record.getValue() instanceof ProcessInstanceRecordValue value) {
                List<Trail.Step> trail = steps.get(value.getProcessInstanceKey());
                if (trail != null) {
                    trail.add(new Trail.Step(value.getElementId(), (ProcessInstanceIntent) record.getIntent()));
                }
            }
        }
        Map<Long, Trail> trails = new HashMap<>();
        steps.forEach((key, trail) -> trails.put(key, new Trail(key, trail)));
        return trails;
    }
}
