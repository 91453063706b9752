#!/usr/bin/env bash
# Sourced by the run-*.sh scripts, not run on its own. Builds what the harnesses need (unless
# SKIP_BUILD=1), finds the jars, and gives run_harness, which runs one harness on them.
#
# Environment:
#   SKIP_BUILD=1         reuse the jars already built
#   BENCH_MVN_ARGS="-o"  extra Maven arguments (e.g. -o to stay offline)
#   BENCH_JAVA_OPTS=...  JVM options of the harness itself (the service's: --service-jvm-arg)
#   JAVA=/path/to/java   java executable of the harness (the service uses the same one unless
#                        --java is given)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "building (mvn package -DskipTests at $ROOT)..." >&2
  # One reactor build gives both the control-plane exec jar and this module, whose `package`
  # phase writes a runnable jar plus its dependencies (embedded PostgreSQL, PgJDBC, Flyway) to
  # benchmarks/target/lib. `package` is enough: the reactor hands the modules to each other, and
  # nothing goes to ~/.m2. The formatting check is skipped: it says nothing about performance and
  # fails on work in progress elsewhere.
  # shellcheck disable=SC2086
  mvn -B -q package -DskipTests -Dspotless.check.skip=true ${BENCH_MVN_ARGS:-}
fi

SERVICE_JAR="$(ls "$ROOT"/control-plane/target/control-plane-*-exec.jar 2>/dev/null | head -n 1 || true)"
HARNESS_JAR="$(ls "$ROOT"/benchmarks/target/benchmarks-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)"
if [[ -z "$SERVICE_JAR" || -z "$HARNESS_JAR" ]]; then
  echo "missing jars (control-plane exec jar: '${SERVICE_JAR}', harness: '${HARNESS_JAR}');" \
    "run without SKIP_BUILD=1" >&2
  exit 1
fi

# run_harness CLASS ARGS...: runs io.envprov.benchmarks.CLASS on the service jar. The harness
# jar's manifest names its lib/*.jar class path, which -cp honours as well. --jar comes first so
# that the caller's own --jar (later) wins.
run_harness() {
  local main="$1"
  shift
  # shellcheck disable=SC2086
  exec "${JAVA:-java}" ${BENCH_JAVA_OPTS:-} -cp "$HARNESS_JAR" "io.envprov.benchmarks.$main" \
    --jar "$SERVICE_JAR" "$@"
}
