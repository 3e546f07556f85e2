#!/usr/bin/env bash
# Builds the service classes, compiles the bench against them and runs it. Usage:
#   bench/engine/run.sh storage <blockBytes> <window> <seconds>
#   bench/engine/run.sh restart <instances>
#   bench/engine/run.sh snapshot-restart <finished instances>
#   bench/engine/run.sh generate <root> <total>...        (history of finished plans, copied at each total)
#   bench/engine/run.sh history-restart <root> <total>... (restart to ready on copies of those histories)
#   bench/engine/run.sh memory <waiting instances>
# See bench/engine/README.md for what each prints and the figures measured.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/bench/engine/target"
cd "$root"
./mvnw -B -ntp -q -pl service -am compile
./mvnw -B -ntp -q -pl service dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
cp="$root/service/target/classes:$(cat "$out/classpath.txt")"
bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
"${bin}javac" -d "$out/classes" -cp "$cp" "$root/bench/engine/EngineBench.java"
exec "${bin}java" -Dlogback.configurationFile="$root/bench/engine/logback.xml" -cp "$out/classes:$cp" \
  io.countersign.engine.embedded.EngineBench "$@"
