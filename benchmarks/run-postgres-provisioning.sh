#!/usr/bin/env bash
# Builds what the PostgreSQL provisioning benchmark needs, then runs it. Every argument is passed
# through to io.envprov.benchmarks.PostgresProvisioningBenchmark (see benchmarks/README.md, section
# "PostgreSQL provisioning benchmark", or --help), e.g.
#
#   benchmarks/run-postgres-provisioning.sh                      # 50 sequential + 200 at concurrency 4
#   benchmarks/run-postgres-provisioning.sh --warmup 100 --data-fsync off
#
# Environment: SKIP_BUILD, BENCH_MVN_ARGS, BENCH_JAVA_OPTS, JAVA (see harness.sh).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# --results-dir comes first so that the caller's own value (later) wins.
run_harness PostgresProvisioningBenchmark --results-dir "$ROOT/benchmarks/results" "$@"
