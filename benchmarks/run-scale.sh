#!/usr/bin/env bash
# Builds what the scale benchmark needs, then runs it. Arguments go to
# io.envprov.benchmarks.ScaleBenchmark (`--help` lists them), e.g.
#
#   benchmarks/run-scale.sh                                   # 10,000 environments, 100 organizations
#   benchmarks/run-scale.sh --environments 1000 --organizations 10 --duration-s 20   # a quick run
#
# Environment:
#   SKIP_BUILD=1         reuse the jars already built
#   BENCH_MVN_ARGS="-o"  extra Maven arguments (e.g. -o to stay offline)
#   BENCH_JAVA_OPTS=...  JVM options of the harness itself (the service's: --service-jvm-arg)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "building (mvn package -DskipTests at $ROOT)..." >&2
  # `package` is enough: the reactor hands the modules to each other, nothing goes to ~/.m2.
  # shellcheck disable=SC2086
  mvn -B -q package -DskipTests -Dspotless.check.skip=true ${BENCH_MVN_ARGS:-}
fi

SERVICE_JAR="$(ls "$ROOT"/control-plane/target/control-plane-*-exec.jar 2>/dev/null | head -n 1 || true)"
HARNESS_JAR="$(ls "$ROOT"/benchmarks/target/benchmarks-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)"
if [[ -z "$SERVICE_JAR" || -z "$HARNESS_JAR" ]]; then
  echo "missing jars; run without SKIP_BUILD=1" >&2
  exit 1
fi

# --jar and --results-dir come first so that the caller's own values (later) win.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${BENCH_JAVA_OPTS:-} -cp "$HARNESS_JAR" io.envprov.benchmarks.ScaleBenchmark \
  --jar "$SERVICE_JAR" --results-dir "$ROOT/benchmarks/results" "$@"
