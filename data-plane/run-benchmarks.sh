#!/usr/bin/env bash
# Runs the data plane's benchmarks against baselines measured in the same run:
#  1. routed SELECT 1 against a direct HikariCP pool on the same database, login and pool size, in
#     ROUNDS (default 8) adjacent pairs whose order alternates, so that both halves of a pair see
#     the same load from whatever else the machine runs; the ratio is reported per pair and as a
#     geometric mean;
#  2. the other JMH suites (routing decision, borrowing, cold pools);
#  3. the heap/thread harness (10,000 known environments, 256 open pools).
# Needs only Java 17 and Maven; PostgreSQL is the embedded one from Maven Central. Results land in
# data-plane/benchmarks/results/ (JSON and text, stamped).
#
#   data-plane/run-benchmarks.sh                  # everything (about 12 minutes)
#   data-plane/run-benchmarks.sh 'ColdPool'       # one JMH suite only (a JMH include regex)
#   data-plane/run-benchmarks.sh 'borrow' -prof gc # further arguments go to JMH (profilers, -i, ...)
set -euo pipefail
cd "$(dirname "$0")"

MVN_OFFLINE=${MVN_OFFLINE:--o}
ROUNDS=${ROUNDS:-8}
# Short runs, many pairs: pairs close in time cancel out load that drifts.
PAIR_OPTIONS=${PAIR_OPTIONS:--wi 2 -w 2 -i 4 -r 2}
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
  exit 0
fi

for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="Direct Routed"; else order="Routed Direct"; fi
  for side in $order; do
    # shellcheck disable=SC2086
    jmh "RoutedSelectBenchmark.selectOne$side\$" $PAIR_OPTIONS -rf json -rff "$out-select-$round-$side.json" \
      > "$out-select-$round-$side.txt"
    tail -3 "$out-select-$round-$side.txt"
  done
done
jmh 'RoutingDecisionBenchmark|ColdPoolBenchmark|RoutedSelectBenchmark.borrow' \
  -rf json -rff "$out-jmh.json" | tee "$out-jmh.txt" | grep -A20 '^Benchmark '
java -Xmx1g -cp "$CLASSPATH" io.envprov.dataplane.benchmarks.MemoryFootprint 2>/dev/null \
  | tee "$out-memory.txt"

python3 - "$out" "$ROUNDS" <<'PY' | tee "$out-summary.txt"
import json, math, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def score(path):
    return json.load(open(path))[0]["primaryMetric"]["score"]
ratios = []
for r in range(1, rounds + 1):
    direct, routed = score(f"{out}-select-{r}-Direct.json"), score(f"{out}-select-{r}-Routed.json")
    ratios.append(routed / direct)
    print(f"round {r}: direct {direct:,.0f} ops/s, routed {routed:,.0f} ops/s, routed/direct {routed / direct:.3f}")
print(f"routed/direct SELECT 1 throughput, geometric mean of {rounds} pairs: "
      f"{math.exp(sum(map(math.log, ratios)) / len(ratios)):.3f}")
results = {r["benchmark"].split(".")[-1]: r["primaryMetric"]["score"] for r in json.load(open(f"{out}-jmh.json"))}
print(f"routing decision on a cache hit: {results['bindAndRouteOnACacheHit'] - results['bindOnly']:.0f} ns "
      f"(bind+route {results['bindAndRouteOnACacheHit']:.0f} ns, bind alone {results['bindOnly']:.0f} ns)")
print(f"borrow+return: routed {results['borrowRouted']:.0f} ns, direct {results['borrowDirect']:.0f} ns")
print(f"cold pool, facts cached: {results['coldPoolFactsCached']:.1f} ms, "
      f"with broker fetch: {results['coldPoolAndBrokerFetch']:.1f} ms, "
      f"bare PostgreSQL login: {results['bareLogin']:.1f} ms")
PY
