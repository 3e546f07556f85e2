package io.countersign.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the published verification keys come from, and where a fetched set is kept. */
class KeyOptions {

    @Option(names = "--jwks", paramLabel = "URL|FILE",
            description = "the JWK Set to verify with (default: <server>/.well-known/jwks.json, kept on disk)")
    String jwks;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "where a fetched JWK Set is kept (default: $COUNTERSIGN_CACHE_DIR, else ~/.cache/countersign)")
    Path cacheDir;
}
