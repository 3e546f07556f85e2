package io.countersign.engine.embedded;

import io.camunda.client.CredentialsProvider;
import io.countersign.engine.EngineClock;
import java.nio.file.Path;

/** The embedded engine on its own, without the application, for benchmarks that compare the two. */
public final class BareEngine implements AutoCloseable {

    private final EmbeddedEngine engine;

    private BareEngine(EmbeddedEngine engine) {
        this.engine = engine;
    }

    public static BareEngine start(Path dataDir, int port) {
        return new BareEngine(EmbeddedEngine.start(dataDir, "127.0.0.1", port));
    }

    /** What a client must present to be admitted by this engine. */
    public CredentialsProvider credentials() {
        return new EngineCredentials(engine.credential());
    }

    public EngineClock clock() {
        return engine;
    }

    @Override
    public void close() {
        engine.stop();
    }
}
