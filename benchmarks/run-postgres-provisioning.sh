#!/usr/bin/env bash
# Builds what the PostgreSQL provisioning benchmark needs, then runs it. Every argument is passed
# through to io.envprov.benchmarks.PostgresProvisioningBenchmark (see benchmarks/README.md, section
# "PostgreSQL provisioning benchmark", or --help), e.g.
#
#   benchmarks/run-postgres-provisioning.sh                      # 50 sequential + 200 at concurrency 4
#   benchmarks/run-postgres-provisioning.sh --warmup 100 --data-fsync off
#
# Environment:
#   SKIP_BUILD=1         reuse the jars already built
#   BENCH_MVN_ARGS="-o"  extra Maven arguments (e.g. -o to stay offline)
#   BENCH_JAVA_OPTS=...  JVM options of the harness itself (not of the service; for the service
#                        pass --service-jvm-arg)
#   JAVA=/path/to/java   java executable of the harness (the service uses the same one unless
#                        --java is given)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "building (mvn install -DskipTests at $ROOT)..." >&2
  # The same reactor build as run-provisioning.sh: the control-plane exec jar, and this module's
  # jar with its dependencies (embedded PostgreSQL, PgJDBC, Flyway) in benchmarks/target/lib.
  # shellcheck disable=SC2086
  mvn -B -q install -DskipTests -Dspotless.check.skip=true ${BENCH_MVN_ARGS:-}
fi

SERVICE_JAR="$(ls "$ROOT"/control-plane/target/control-plane-*-exec.jar 2>/dev/null | head -n 1 || true)"
HARNESS_JAR="$(ls "$ROOT"/benchmarks/target/benchmarks-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)"
if [[ -z "$SERVICE_JAR" || -z "$HARNESS_JAR" ]]; then
  echo "missing jars (control-plane exec jar: '${SERVICE_JAR}', harness: '${HARNESS_JAR}');" \
    "run without SKIP_BUILD=1" >&2
  exit 1
fi

# The harness jar's manifest names its lib/*.jar class path, which -cp honours as well.
# --jar and --results-dir come first so that the caller's own values (later) win.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${BENCH_JAVA_OPTS:-} -cp "$HARNESS_JAR" \
  io.envprov.benchmarks.PostgresProvisioningBenchmark \
  --jar "$SERVICE_JAR" \
  --results-dir "$ROOT/benchmarks/results" \
  "$@"
