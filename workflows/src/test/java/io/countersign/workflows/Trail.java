package io.countersign.workflows;

import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What one process instance did, element by element: enough to assert what completed and what never ran. */
record Trail(long processInstanceKey, List<Step> steps) {

    record Step(String elementId, ProcessInstanceIntent intent) {
    }

    Set<String> activated() {
        return elementsWith(ProcessInstanceIntent.ELEMENT_ACTIVATED);
    }

    Set<String> completed() {
        return elementsWith(ProcessInstanceIntent.ELEMENT_COMPLETED);
    }

    Set<String> terminated() {
        return elementsWith(ProcessInstanceIntent.ELEMENT_TERMINATED);
    }

    long timesActivated(String elementId) {
        return count(elementId, ProcessInstanceIntent.ELEMENT_ACTIVATED);
    }

    /** Entered and not yet left: the step the diagram would highlight. */
    boolean isWaitingAt(String elementId) {
        return timesActivated(elementId) > count(elementId, ProcessInstanceIntent.ELEMENT_COMPLETED)
            + count(elementId, ProcessInstanceIntent.ELEMENT_TERMINATED);
    }

    boolean isRunning() {
        return isWaitingAt(ChangeRequestProcess.PROCESS_ID);
    }

    private long count(String elementId, ProcessInstanceIntent intent) {
        return steps.stream().filter(s -> s.intent() == intent && s.elementId().equals(elementId)).count();
    }

    private Set<String> elementsWith(ProcessInstanceIntent intent) {
        return steps.stream().filter(s -> s.intent() == intent).map(Step::elementId).collect(Collectors.toSet());
    }
}
