#!/usr/bin/env python3
"""Where the time of one PostgreSQL environment goes, seen from the data server.

Reads the data-server log that `PostgresProvisioningBenchmark --trace-data-server` copies to
benchmarks/results/postgres-provisioning-<stamp>-data-server.log (log_line_prefix
'%m [%p] %u@%d %a ', log_connections, log_disconnections, log_min_duration_statement=0) and, per
environment database, prints the median of:

  span         first connection received .. last disconnection of the environment's sessions
  sessions     connections opened for it
  connect      connection received .. first statement (fork, SCRAM both ways, PgJDBC start-up)
  create db    the CREATE DATABASE statement
  other sql    every other statement (parse + bind + execute)
  in session   other time inside a session: round trips, client-side work between statements
  outside      time in the span when no session of it was open (the caller's own work)

Sessions are tied to an environment by the database they connect to or by its name in their
statements (the driver's pooled admin connections and the raw baseline's kept admin connection
serve many environments: their statements are lent one by one to the environment they name);
service databases are env_<hex>, the raw baseline's raw_*. Only meaningful for sequential phases
(sessions of different environments overlap at concurrency > 1).

    benchmarks/analyze-postgres-trace.py benchmarks/results/postgres-provisioning-<stamp>-data-server.log
"""
import re
import statistics
import sys
from collections import defaultdict
from datetime import datetime

LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) \w+ \[(\d+)\] (\S*)@(\S*) (.*?)\s*(LOG|DETAIL|ERROR|STATEMENT|FATAL|WARNING):\s+(.*)$"
)
DURATION = re.compile(r"duration: ([\d.]+) ms\s+(?:(parse|bind|execute) [^:]*|statement): (.*)$")
# Not followed by a word boundary: role names extend the database name (env_<hex>_readwrite).
NAME = re.compile(r"(?<![0-9A-Za-z_])((?:env_[0-9a-f]{32})|(?:raw_[ab]_[wm]_\d+))(?![0-9a-f])")


def ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").timestamp() * 1000.0


class Session:
    def __init__(self, pid):
        self.pid = pid
        self.received = None
        self.first_statement = None
        self.end = None
        self.database = None
        self.names = set()
        self.create_db_ms = 0.0
        self.sql_ms = 0.0
        self.last = None
        self.statements = []  # (end ms, duration ms, is CREATE DATABASE, names)


def parse(path):
    sessions = {}
    closed = []
    with open(path, errors="replace") as log:
        for raw in log:
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            stamp, pid, user, database, _app, level, message = m.groups()
            t = ts(stamp)
            s = sessions.get(pid)
            if message.startswith("connection received"):
                s = sessions[pid] = Session(pid)
                s.received = t
                continue
            if s is None:
                s = sessions[pid] = Session(pid)
                s.received = t
            s.last = t
            if database and database not in ("[unknown]", "postgres"):
                s.database = database
            for name in NAME.findall(message):
                s.names.add(name)
            if database:
                for name in NAME.findall(database):
                    s.names.add(name)
            d = DURATION.search(message)
            if d:
                if s.first_statement is None:
                    s.first_statement = t
                ms = float(d.group(1))
                create = d.group(3).startswith("CREATE DATABASE") and d.group(2) in (None, "execute")
                if create:
                    s.create_db_ms += ms
                else:
                    s.sql_ms += ms
                s.statements.append((t, ms, create, set(NAME.findall(message))))
            if message.startswith("disconnection"):
                s.end = t
                closed.append(sessions.pop(pid))
    return closed + list(sessions.values())  # those still open when the log was copied


def main(path):
    # A session that names one environment only is that environment's: all of it counts. A shared
    # session (the raw baselines' admin connection) lends its statements one by one instead; the
    # DETAIL line with the parameters follows its statement, so parameters count too.
    by_env = defaultdict(list)
    lent = defaultdict(list)
    for s in parse(path):
        names = set(s.names)
        if s.database and NAME.fullmatch(s.database):
            names = {s.database}
        if len(names) == 1:
            by_env[names.pop()].append(s)
        elif len(names) > 1:
            for end, ms, create, mentioned in s.statements:
                if len(mentioned) == 1:
                    lent[next(iter(mentioned))].append((end, ms, create))
    groups = defaultdict(list)
    for name in set(by_env) | set(lent):
        sessions = by_env.get(name, [])
        borrowed = lent.get(name, [])
        kind = "service (env_*)" if name.startswith("env_") else (
            "raw-sql"
            + (" phase A" if "_a_" in name else " phase B")
            + (" warm-up" if "_w_" in name else " measured"))
        intervals = [(s.received, s.end or s.last) for s in sessions]
        intervals += [(end - ms, end) for end, ms, _ in borrowed]
        intervals.sort()
        start = intervals[0][0]
        end = max(b for _, b in intervals)
        connect = sum(((s.first_statement or s.received) - s.received) for s in sessions)
        create = sum(s.create_db_ms for s in sessions) + sum(ms for _, ms, c in borrowed if c)
        sql = sum(s.sql_ms for s in sessions) + sum(ms for _, ms, c in borrowed if not c)
        covered, cur_s, cur_e = 0.0, None, None
        for a, b in intervals:
            if cur_e is None or a > cur_e:
                if cur_e is not None:
                    covered += cur_e - cur_s
                cur_s, cur_e = a, b
            else:
                cur_e = max(cur_e, b)
        if cur_e is not None:
            covered += cur_e - cur_s
        inside = covered - connect - create - sql
        groups[kind].append(
            dict(span=end - start, sessions=len(sessions), connect=connect, create=create,
                 sql=sql, inside=max(0.0, inside), outside=(end - start) - covered))
    fields = ["span", "sessions", "connect", "create", "sql", "inside", "outside"]
    print(f"{'group':40s} {'n':>4s} " + " ".join(f"{f:>10s}" for f in
          ["span", "sessions", "connect", "create db", "other sql", "in session", "outside"]))
    for kind in sorted(groups):
        rows = groups[kind]
        med = [statistics.median(r[f] for r in rows) for f in fields]
        print(f"{kind:40s} {len(rows):4d} " + " ".join(f"{v:10.1f}" for v in med))
    print("(medians; milliseconds except sessions)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
