#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording by code area.

Usage: benchmarks/jfr-summary.py RECORDING.jfr [--top N] [--from INSTANT --to INSTANT]

--from/--to keep the samples between two UTC instants only, e.g. the measured phase that the
provisioning benchmark prints ("[service] measured from ... to ...").

Reads `jfr print --json --events jdk.ExecutionSample` and prints, for each area (jOOQ, Reactor,
Netty, pgjdbc, HikariCP, Spring, Jackson, db-scheduler, our packages, the JDK ...):
  - self: the share of samples whose top frame is in the area (where the CPU was spent);
  - inclusive: the share of samples with a frame of the area anywhere on the stack.
Then the N hottest methods by self samples, and by thread-name prefix.
"""
import json
import re
import subprocess
import sys
from datetime import datetime
from collections import Counter

AREAS = [
    ("our code: control plane", "io.envprov.controlplane."),
    ("our code: provisioner engine", "io.envprov.provisioner."),
    ("our code: drivers", "io.envprov.driver."),
    ("jOOQ", "org.jooq."),
    ("pgjdbc", "org.postgresql."),
    ("HikariCP", "com.zaxxer.hikari."),
    ("db-scheduler", "com.github.kagkarlsson."),
    ("Reactor core", "reactor.core."),
    ("Reactor Netty", "reactor.netty."),
    ("Netty", "io.netty."),
    ("Spring Security", "org.springframework.security."),
    ("Spring web", "org.springframework.web."),
    ("Spring http", "org.springframework.http."),
    ("Spring (other)", "org.springframework."),
    ("Jackson", "tools.jackson."),
    ("Jackson (2)", "com.fasterxml.jackson."),
    ("sqlite-jdbc", "org.sqlite."),
    ("Flyway", "org.flywaydb."),
    ("Micrometer", "io.micrometer."),
    ("resilience4j", "io.github.resilience4j."),
    ("JDK crypto", "com.sun.crypto."),
    ("JDK security", "sun.security."),
    ("JDK", "java."),
    ("JDK internal", "jdk."),
    ("JDK (sun)", "sun."),
]


def area(type_name):
    for name, prefix in AREAS:
        if type_name.startswith(prefix):
            return name
    return "other"


def instant(text):
    """An ISO-8601 UTC instant with up to nanoseconds, as JFR and java.time.Instant print it."""
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", text).replace("Z", "+00:00"))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    top = 25
    if "--top" in sys.argv:
        top = int(sys.argv[sys.argv.index("--top") + 1])
    raw = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample",
         sys.argv[1]],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    if "--from" in sys.argv:
        begin = instant(sys.argv[sys.argv.index("--from") + 1])
        end = instant(sys.argv[sys.argv.index("--to") + 1])
        events = [e for e in events if begin <= instant(e["values"]["startTime"]) <= end]
    self_areas, incl_areas, methods, threads = Counter(), Counter(), Counter(), Counter()
    for event in events:
        frames = event["values"]["stackTrace"]["frames"] if event["values"]["stackTrace"] else []
        if not frames:
            continue
        names = [f["method"]["type"]["name"].replace("/", ".") for f in frames]
        top_frame = frames[0]["method"]
        self_areas[area(names[0])] += 1
        for a in {area(n) for n in names}:
            incl_areas[a] += 1
        methods[top_frame["type"]["name"].replace("/", ".") + "." + top_frame["name"]] += 1
        thread = event["values"].get("sampledThread") or {}
        threads[re.sub(r"[-#\d]+$", "", thread.get("javaName") or thread.get("osName") or "?")] += 1
    total = sum(self_areas.values())
    print(f"{total} execution samples")
    print(f"{'area':32} {'self':>7} {'inclusive':>10}")
    for name, _ in sorted(incl_areas.items(), key=lambda kv: -self_areas[kv[0]]):
        print(f"{name:32} {100.0 * self_areas[name] / total:6.1f}% {100.0 * incl_areas[name] / total:9.1f}%")
    print(f"\nhottest methods (self samples, top {top}):")
    for method, count in methods.most_common(top):
        print(f"  {100.0 * count / total:5.1f}%  {method}")
    print("\nby thread:")
    for thread, count in threads.most_common(12):
        print(f"  {100.0 * count / total:5.1f}%  {thread}")


if __name__ == "__main__":
    main()
