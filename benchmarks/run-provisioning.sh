#!/usr/bin/env bash
# Builds what the provisioning benchmark needs, then runs it. Every argument is passed through to
# io.envprov.benchmarks.ProvisioningBenchmark (see benchmarks/README.md or --help), e.g.
#
#   benchmarks/run-provisioning.sh --count 1000 --concurrency 4
#   benchmarks/run-provisioning.sh --count 200 --concurrency 1
#
# Environment: SKIP_BUILD, BENCH_MVN_ARGS, BENCH_JAVA_OPTS, JAVA (see harness.sh).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# --results-dir comes first so that the caller's own value (later) wins.
run_harness ProvisioningBenchmark --results-dir "$ROOT/benchmarks/results" "$@"
