package io.countersign.engine.embedded;

import io.camunda.client.CredentialsProvider;

/** Hands the engine credential to the Camunda client, which puts it on every gRPC call, job streams included. */
final class EngineCredentials implements CredentialsProvider {

    private final EngineCredential credential;

    EngineCredentials(EngineCredential credential) {
        this.credential = credential;
    }

    @Override
    public void applyCredentials(CredentialsApplier applier) {
        applier.put("Authorization", credential.authorization());
    }

    /** The credential never changes while the application runs, so a refusal will not go away by retrying. */
    @Override
    public boolean shouldRetryRequest(StatusCode statusCode) {
        return false;
    }

    @Override
    public String toString() {
        return "EngineCredentials[hidden]";
    }
}
