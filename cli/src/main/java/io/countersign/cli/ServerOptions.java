package io.countersign.cli;

import picocli.CommandLine.Option;

/** Where the Countersign server is and the agent token to call it with, from the environment unless given. */
class ServerOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:COUNTERSIGN_URL}",
            description = "Countersign's base URL (default: $COUNTERSIGN_URL)")
    String url;

    @Option(names = "--agent-token", paramLabel = "TOKEN", defaultValue = "${env:COUNTERSIGN_TOKEN}",
            description = "agent token to call the API with (default: $COUNTERSIGN_TOKEN)")
    String agentToken;

    Server server() {
        if (url == null || url.isBlank()) {
            throw Stop.badInput("no server: set COUNTERSIGN_URL or give --server", null);
        }
        if (agentToken == null || agentToken.isBlank()) {
            throw Stop.badInput("no agent token: set COUNTERSIGN_TOKEN or give --agent-token", null);
        }
        return new Server(url, agentToken);
    }

    /** The server's URL alone, for what needs no credential (the published keys). */
    String urlOrNull() {
        return url == null || url.isBlank() ? null : url;
    }
}
