package io.countersign.outbox;

/** A process was to be started before this application had deployed its own definition; the row waits. */
class WorkflowNotDeployedYet extends RuntimeException {

    WorkflowNotDeployedYet() {
        super("the workflow this application deploys is not deployed yet; the start waits for it");
    }
}
