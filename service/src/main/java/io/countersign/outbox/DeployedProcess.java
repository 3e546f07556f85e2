package io.countersign.outbox;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The process definition the outbox starts instances of: the one this application deployed itself, never "the
 * latest version" of the process id, which anyone able to deploy could take over with a look-alike.
 */
public interface DeployedProcess {

    /** The key of the definition this application deployed and verified at start-up; empty until it has. */
    OptionalLong processDefinitionKey();

    /** Waits up to {@code timeout} for the deployment; true once it is known. */
    boolean awaitDeployment(Duration timeout) throws InterruptedException;
}
