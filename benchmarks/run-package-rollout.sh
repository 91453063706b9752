#!/usr/bin/env bash
# Builds what the package rollout benchmark needs, then runs it. Every argument is passed through to
# io.envprov.benchmarks.PackageRolloutBenchmark (see benchmarks/README.md or --help), e.g.
#
#   benchmarks/run-package-rollout.sh                                  # 1000 SQLite + 200 PostgreSQL
#   benchmarks/run-package-rollout.sh --sqlite-count 200 --postgres-count 0
#
# Environment: SKIP_BUILD, BENCH_MVN_ARGS, BENCH_JAVA_OPTS, JAVA (see harness.sh).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# --results-dir comes first so that the caller's own value (later) wins.
run_harness PackageRolloutBenchmark --results-dir "$ROOT/benchmarks/results" "$@"
