package io.countersign.workflows;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.command.ClientStatusException;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;

/** The shared in-memory engine, its client, and what it recorded. */
final class TestEngine {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final ZeebeTestEngine engine;
    private final ZeebeClient client;
    private final List<Long> startedInstances = new ArrayList<>();

    TestEngine(ZeebeTestEngine engine, ZeebeClient client) {
        this.engine = engine;
        this.client = client;
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
        List<Trail.Step> steps = StreamSupport.stream(engine.getRecordStreamSource().getRecords().spliterator(), false)
            .filter(r -> r.getRecordType() == RecordType.EVENT)
            .filter(r -> r.getValue() instanceof ProcessInstanceRecordValue)
            .map(TestEngine::asProcessInstanceRecord)
            .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey)
            .map(r -> new Trail.Step(r.getValue().getElementId(), (ProcessInstanceIntent) r.getIntent()))
            .toList();
        return new Trail(processInstanceKey, steps);
    }

    @SuppressWarnings("unchecked")
    private static Record<ProcessInstanceRecordValue> asProcessInstanceRecord(Record<?> record) {
        return (Record<ProcessInstanceRecordValue>) record;
    }
}
