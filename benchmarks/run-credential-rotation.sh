#!/usr/bin/env bash
# Builds what the credential rotation benchmark needs, then runs it. Arguments go to
# io.envprov.benchmarks.CredentialRotationBenchmark, e.g.
#
#   benchmarks/run-credential-rotation.sh                         # 1000 PostgreSQL + 10000 SQLite
#   benchmarks/run-credential-rotation.sh --postgres 200 --sqlite 0
#
# Environment: SKIP_BUILD, BENCH_MVN_ARGS, BENCH_JAVA_OPTS, JAVA (see harness.sh).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

run_harness CredentialRotationBenchmark "$@"
