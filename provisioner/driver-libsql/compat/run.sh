#!/usr/bin/env bash
# Proves the libSQL test server faithful: runs the official @libsql/client (pinned in
# package-lock.json) against it and against the client's own local engine, and compares.
#
# The test server lives in provisioner/libsql-jdbc's tests. Prerequisite: that module is built
# (`mvn verify` from the repository root), so that its target/classes and target/test-classes
# exist; it depends on no other module of the repository, so nothing needs installing. Needs node
# and npm. Exits non-zero on any difference. Maven runs offline (-o) unless MAVEN_OFFLINE is set
# (e.g. to an empty string).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
MODULE="$ROOT/provisioner/libsql-jdbc"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for dir in "$MODULE/target/classes" "$MODULE/target/test-classes"; do
  [[ -d "$dir" ]] || { echo "run.sh: $dir is missing; run 'mvn verify' first" >&2; exit 2; }
done

(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)

(cd "$ROOT" && mvn -B -q ${MAVEN_OFFLINE--o} dependency:build-classpath -pl provisioner/libsql-jdbc \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null)
CLASSPATH="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$WORK/classpath.txt")"

ADMIN_KEY="compat-$RANDOM-$RANDOM"
LIBSQL_ADMIN_AUTH_KEY="$ADMIN_KEY" java -cp "$CLASSPATH" \
  io.envprov.libsql.testserver.LibsqlTestServer \
  --port 0 --admin-port 0 --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 100); do
  if grep -q '^libsql-test-server ' "$WORK/server.log"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log" >&2; exit 1; fi
  sleep 0.2
done
LINE="$(grep '^libsql-test-server ' "$WORK/server.log")" || { cat "$WORK/server.log" >&2; exit 1; }
SQL_URL="$(sed -E 's/.* sql=([^ ]+).*/\1/' <<<"$LINE")"
ADMIN_URL="$(sed -E 's/.* admin=([^ ]+).*/\1/' <<<"$LINE")"
echo "run.sh: test server at $SQL_URL (admin $ADMIN_URL)"

(cd "$HERE" && SQL_URL="$SQL_URL" ADMIN_URL="$ADMIN_URL" ADMIN_KEY="$ADMIN_KEY" WORK_DIR="$WORK" \
  node compat.mjs)
