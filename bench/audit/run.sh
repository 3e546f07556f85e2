#!/usr/bin/env bash
# Runs the audit log benchmark against PostgreSQL (default 127.0.0.1:5432/test as postgres); see README.md.
# Extra JVM options (-Dbench.url=..., -Dbench.user=..., -Dbench.seconds=..., -Dbench.queries=...) pass through.
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath_file="$PWD/service/target/audit-bench.classpath"
./mvnw -B -ntp -q -pl service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java -Xmx2g "$@" -cp "service/target/test-classes:service/target/classes:$(cat "$classpath_file")" \
  io.countersign.audit.AuditBenchmark
