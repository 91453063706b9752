#!/usr/bin/env bash
# Runs the libSQL driver benchmark (io.envprov.driver.libsql.bench.LibsqlBenchmark) against an
# in-process test server (from provisioner/libsql-jdbc's tests). Compiles the module and the
# modules it depends on in the reactor first (test-compile), so nothing needs installing.
# Usage: bench.sh [provisions=30] [roundTrips=1000]
set -euo pipefail
MODULE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$MODULE/../.." && pwd)"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && mvn -B -q ${MAVEN_OFFLINE--o} test-compile dependency:build-classpath \
  -pl provisioner/driver-libsql -am -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null)
exec java -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CP_FILE")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.envprov.driver.libsql.bench.LibsqlBenchmark "$@"
