#!/usr/bin/env bash
# Runs the data plane's benchmarks against baselines measured in the same run:
#  1. routed against a direct HikariCP pool on the same database, login and pool size
#     (PairedBenchmark): SELECT 1 throughput and borrow + return with 4 threads, borrow + return with
#     1 thread; each as ROUNDS (default 30) adjacent pairs
#     of 1-second iterations in one fork, the side going first alternating from pair to pair, so that
#     both halves of a pair see the same load from whatever else the machine runs; the ratio is
#     reported per pair and as a geometric mean with its spread and 95% confidence interval;
#  2. the other JMH suites (routing decision, cold pools);
#  3. the heap/thread harness (10,000 known environments, 256 open pools).
# Needs only Java 17 and Maven; PostgreSQL is the embedded one from Maven Central. Results land in
# data-plane/benchmarks/results/ (JSON and text, stamped).
#
#   data-plane/run-benchmarks.sh                   # everything (about 6 minutes)
#   data-plane/run-benchmarks.sh 'ColdPool'        # one JMH suite only (a JMH include regex)
#   data-plane/run-benchmarks.sh 'borrow' -prof gc # further arguments go to JMH (profilers, -i, ...)
#   data-plane/run-benchmarks.sh 'PairedBenchmark.borrowPairs' -i 60   # 30 pairs of borrow + return
set -euo pipefail
cd "$(dirname "$0")"

MVN_OFFLINE=${MVN_OFFLINE:--o}
ROUNDS=${ROUNDS:-30}
# Short iterations, many pairs: pairs close in time cancel out load that drifts.
PAIR_OPTIONS=${PAIR_OPTIONS:--wi 6 -w 1 -r 1}
# Built in the repository's reactor (routing and what it needs), nothing installed into ~/.m2.
mvn -B -q $MVN_OFFLINE -f ../pom.xml -pl data-plane/benchmarks -am package dependency:build-classpath \
  -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true -Dmdep.outputFile=target/classpath.txt
CLASSPATH="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
jmh() { java -cp "$CLASSPATH" org.openjdk.jmh.Main "$@"; }

mkdir -p benchmarks/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="benchmarks/results/$stamp"
# Load from other processes skews the figures: record it with them.
(nproc; uptime) | tee "$out-machine.txt"

if [ $# -gt 0 ]; then
  jmh "$@" -rf json -rff "$out-jmh.json" | tee "$out-jmh.txt"
  if grep -q 'Pairs"' "$out-jmh.json"; then
    python3 benchmarks/pairs.py "$out-jmh.json" | tee "$out-pairs.txt"
  fi
  exit 0
fi

# 4 threads on a pool of 4 (the figures of record), then borrowing on 1 thread: the routing's own
# cost, without 4 threads contending for 2 cores.
# shellcheck disable=SC2086
jmh 'PairedBenchmark' -i $((2 * ROUNDS)) $PAIR_OPTIONS -rf json -rff "$out-pairs.json" \
  > "$out-pairs-jmh.txt"
# shellcheck disable=SC2086
jmh 'PairedBenchmark.borrowPairs' -t 1 -i $((2 * ROUNDS)) $PAIR_OPTIONS -rf json \
  -rff "$out-pairs-1t.json" > "$out-pairs-1t-jmh.txt"
(python3 benchmarks/pairs.py "$out-pairs.json"; python3 benchmarks/pairs.py "$out-pairs-1t.json") \
  | tee "$out-pairs.txt"
jmh 'RoutingDecisionBenchmark|ColdPoolBenchmark' \
  -rf json -rff "$out-jmh.json" | tee "$out-jmh.txt" | grep -A20 '^Benchmark '
java -Xmx1g -cp "$CLASSPATH" io.envprov.dataplane.benchmarks.MemoryFootprint 2>/dev/null \
  | tee "$out-memory.txt"

python3 - "$out" <<'PY' | tee "$out-summary.txt"
import json, sys
out = sys.argv[1]
print(open(f"{out}-pairs.txt").read().strip())
results = {r["benchmark"].split(".")[-1]: r["primaryMetric"]["score"] for r in json.load(open(f"{out}-jmh.json"))}
print(f"routing decision on a cache hit: {results['bindAndRouteOnACacheHit'] - results['bindOnly']:.0f} ns "
      f"(bind+route {results['bindAndRouteOnACacheHit']:.0f} ns, bind alone {results['bindOnly']:.0f} ns)")
print(f"cold pool, facts cached: {results['coldPoolFactsCached']:.1f} ms, "
      f"with broker fetch: {results['coldPoolAndBrokerFetch']:.1f} ms, "
      f"bare PostgreSQL login: {results['bareLogin']:.1f} ms")
PY
