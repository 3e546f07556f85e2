package io.countersign.engine.embedded;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs the embedded engine alone in a JVM the crash test can kill. Prints {@link #READY} once it serves gRPC and
 * exits when its standard input closes, so a failed test never leaves it behind.
 */
final class EngineProcessMain {

    static final String READY = "ENGINE READY";

    private EngineProcessMain() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedEngine engine = EmbeddedEngine.start(Path.of(args[0]), "127.0.0.1", Integer.parseInt(args[1]));
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Waiting for the parent to close our input.
        }
        engine.stop();
    }
}
