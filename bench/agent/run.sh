#!/usr/bin/env bash
# What an agent pays per gated call: LOW submit → approval token (MCP and REST) and check_policy, p50/p99, 1 and 8
# clients. Extra JVM options pass through, e.g. -Dbench.calls=500 -Dbench.warmup=100
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath_file="$PWD/service/target/agent-bench.classpath"
./mvnw -B -ntp -q -pl service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
# The heap the application ships with (service/pom.xml, spring-boot:run): fixed, so G1 does not run marking
# cycles back to back on a small heap.
exec java -Xms1g -Xmx1g "$@" -cp "service/target/test-classes:service/target/classes:$(cat "$classpath_file")" \
  io.countersign.bench.AgentRoundTripBenchmark
