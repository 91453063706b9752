#!/usr/bin/env bash
# Builds what the scale benchmark needs, then runs it. Arguments go to
# io.envprov.benchmarks.ScaleBenchmark (`--help` lists them), e.g.
#
#   benchmarks/run-scale.sh                                   # 10,000 environments, 100 organizations
#   benchmarks/run-scale.sh --environments 1000 --organizations 10 --duration-s 20   # a quick run
#
# Environment: SKIP_BUILD, BENCH_MVN_ARGS, BENCH_JAVA_OPTS, JAVA (see harness.sh).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# --results-dir comes first so that the caller's own value (later) wins.
run_harness ScaleBenchmark --results-dir "$ROOT/benchmarks/results" "$@"
