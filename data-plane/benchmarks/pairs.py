"""Pairs of a PairedBenchmark run (JMH JSON): each pair's routed/direct ratio, their geometric mean,
spread and a 95% confidence interval of the mean. Usage: pairs.py RESULT.json"""
import json
import math
import statistics
import sys

# Two-sided 95% Student t quantiles by degrees of freedom (larger: normal).
T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23,
       12: 2.18, 15: 2.13, 20: 2.09, 25: 2.06, 30: 2.04, 40: 2.02, 60: 2.00}


def t95(df):
    return next((T95[k] for k in sorted(T95) if k >= df), 1.96)


def routed_in(i):
    """Mirrors PairedBenchmark.routedIn: pairs DR, RD, DR, ..."""
    routed_first = (i // 2) % 2 == 1
    return (i % 2 == 0) == routed_first


def main(path):
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 1)[-1] + f" ({result['threads']} threads)"
        if " " not in name or not name.split(" ")[0].endswith("Pairs"):
            continue
        scores = result["primaryMetric"]["rawData"][0]
        unit = result["primaryMetric"]["scoreUnit"]
        # Throughput: routed/direct, higher is better. Time per op: routed/direct, lower is better.
        throughput = result["mode"] == "thrpt"
        ratios, lines = [], []
        for p in range(len(scores) // 2):
            first, second = scores[2 * p], scores[2 * p + 1]
            routed, direct = (first, second) if routed_in(2 * p) else (second, first)
            ratios.append(routed / direct)
            order = "RD" if routed_in(2 * p) else "DR"
            lines.append(f"  pair {p + 1:2d} ({order}): direct {direct:,.0f}, routed {routed:,.0f} {unit}, "
                         f"routed/direct {routed / direct:.3f}")
        logs = [math.log(r) for r in ratios]
        mean = statistics.fmean(logs)
        half = t95(len(logs) - 1) * statistics.stdev(logs) / math.sqrt(len(logs)) if len(logs) > 1 else 0
        direct_all = [s for i, s in enumerate(scores) if not routed_in(i)]
        routed_all = [s for i, s in enumerate(scores) if routed_in(i)]
        print(f"{name}: routed/direct, geometric mean of {len(ratios)} pairs: {math.exp(mean):.3f} "
              f"(95% CI {math.exp(mean - half):.3f}-{math.exp(mean + half):.3f}; "
              f"pairs {min(ratios):.2f}-{max(ratios):.2f}, median {statistics.median(ratios):.3f}); "
              f"medians: direct {statistics.median(direct_all):,.0f}, routed {statistics.median(routed_all):,.0f} {unit}")
        print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
