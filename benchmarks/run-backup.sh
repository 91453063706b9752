#!/usr/bin/env bash
# Builds what the backup benchmark needs, then runs it. Every argument is passed through to
# io.envprov.benchmarks.BackupBenchmark (see benchmarks/README.md or --help), e.g.
#
#   benchmarks/run-backup.sh                                   # 200 MB SQLite + 200 MB PostgreSQL
#   benchmarks/run-backup.sh --sqlite-mb 50 --postgres-mb 0 --rounds 1
#
# The PostgreSQL part needs Debian's PostgreSQL 15 server and client binaries
# (/usr/lib/postgresql/15/bin: postgres, initdb, pg_dump, pg_restore); the service runs with no
# recovery window so that each restored environment's database is dropped when the round ends.
# Environment: SKIP_BUILD, BENCH_MVN_ARGS, BENCH_JAVA_OPTS, JAVA (see harness.sh).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# --results-dir and the service arguments come first so that the caller's own values (later) win.
run_harness BackupBenchmark --results-dir "$ROOT/benchmarks/results" \
  --service-arg --controlplane.environments.recovery-window=0s "$@"
