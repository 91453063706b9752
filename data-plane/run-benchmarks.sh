#!/usr/bin/env bash
# Runs the data plane's benchmarks: the JMH suites (routed against direct HikariCP in the same
# run) and the heap footprint harness. Needs only Java 17 and Maven; PostgreSQL is the embedded
# one from Maven Central. Results land in data-plane/benchmarks/results/.
#
#   data-plane/run-benchmarks.sh                 # everything (about 6 minutes)
#   data-plane/run-benchmarks.sh RoutedSelect    # one JMH suite (a JMH include regex)
set -euo pipefail
cd "$(dirname "$0")"

MVN_OFFLINE=${MVN_OFFLINE:--o}
mvn -B -q $MVN_OFFLINE install -DskipTests -Dspotless.check.skip=true -pl routing,benchmarks
mvn -B -q $MVN_OFFLINE dependency:build-classpath -pl benchmarks -Dmdep.outputFile=target/classpath.txt
CLASSPATH="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

mkdir -p benchmarks/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
java -cp "$CLASSPATH" org.openjdk.jmh.Main "${1:-.*Benchmark}" \
  -rf json -rff "benchmarks/results/jmh-$stamp.json" | tee "benchmarks/results/jmh-$stamp.txt"
if [ $# -eq 0 ]; then
  java -Xmx1g -cp "$CLASSPATH" io.envprov.dataplane.benchmarks.MemoryFootprint \
    | tee "benchmarks/results/memory-$stamp.txt"
fi
python3 - "benchmarks/results/jmh-$stamp.json" <<'PY'
import json, sys
results = {}
for r in json.load(open(sys.argv[1])):
    results[r["benchmark"].split(".")[-1]] = r["primaryMetric"]
    for name, metric in r.get("secondaryMetrics", {}).items():
        results[name] = metric
def ratio(a, b, higher_is_better=True):
    if a in results and b in results:
        x, y = results[a]["score"], results[b]["score"]
        print(f"{a} / {b}: {x / y:.3f}")
ratio("sideBySideRouted", "sideBySideDirect")
ratio("selectOneRouted", "selectOneDirect")
if "borrowRouted" in results and "borrowDirect" in results:
    print(f"routing overhead per borrow: {results['borrowRouted']['score'] - results['borrowDirect']['score']:.0f} ns")
ratio("coldPoolFactsCached", "bareLogin")
ratio("coldPoolAndBrokerFetch", "bareLogin")
PY
