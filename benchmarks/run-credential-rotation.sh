#!/usr/bin/env bash
# Builds what the credential rotation benchmark needs, then runs it. Arguments go to
# io.envprov.benchmarks.CredentialRotationBenchmark, e.g.
#
#   benchmarks/run-credential-rotation.sh                         # 1000 PostgreSQL + 10000 SQLite
#   benchmarks/run-credential-rotation.sh --postgres 200 --sqlite 0
#
# Environment: SKIP_BUILD=1 reuses the jars already built; BENCH_MVN_ARGS="-o" stays offline.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "building (mvn install -DskipTests at $ROOT)..." >&2
  # shellcheck disable=SC2086
  mvn -B -q install -DskipTests -Dspotless.check.skip=true ${BENCH_MVN_ARGS:-}
fi

SERVICE_JAR="$(ls "$ROOT"/control-plane/target/control-plane-*-exec.jar 2>/dev/null | head -n 1 || true)"
HARNESS_JAR="$(ls "$ROOT"/benchmarks/target/benchmarks-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)"
if [[ -z "$SERVICE_JAR" || -z "$HARNESS_JAR" ]]; then
  echo "missing jars; run without SKIP_BUILD=1" >&2
  exit 1
fi

exec "${JAVA:-java}" ${BENCH_JAVA_OPTS:-} -cp "$HARNESS_JAR" \
  io.envprov.benchmarks.CredentialRotationBenchmark --jar "$SERVICE_JAR" "$@"
