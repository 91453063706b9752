#!/usr/bin/env bash
# Builds what the provisioning benchmark needs, then runs it. Every argument is passed through to
# io.envprov.benchmarks.ProvisioningBenchmark (see benchmarks/README.md or --help), e.g.
#
#   benchmarks/run-provisioning.sh --count 1000 --concurrency 4
#   benchmarks/run-provisioning.sh --count 200 --concurrency 1
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
  # One reactor build gives both the control-plane exec jar and this module, whose `package`
  # phase writes a runnable jar plus its dependencies to benchmarks/target/lib. The formatting
  # check is skipped: it says nothing about performance and fails on work in progress elsewhere.
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

# --jar and --results-dir come first so that the caller's own values (later) win.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${BENCH_JAVA_OPTS:-} -jar "$HARNESS_JAR" \
  --jar "$SERVICE_JAR" \
  --results-dir "$ROOT/benchmarks/results" \
  "$@"
