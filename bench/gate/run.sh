#!/usr/bin/env bash
# Full-path benchmark: bare engine vs the whole application, latency at half the sustained rate, memory.
# Extra JVM options pass through, e.g. -Dbench.seconds=30 -Dbench.clients=32 -Dbench.mode=full
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath_file="$PWD/service/target/gate-bench.classpath"
./mvnw -B -ntp -q -pl service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java -Xmx1g "$@" -cp "service/target/test-classes:service/target/classes:$(cat "$classpath_file")" \
  io.countersign.bench.GateBenchmark
