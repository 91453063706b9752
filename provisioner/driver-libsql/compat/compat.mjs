// Runs one scenario with the official @libsql/client twice: against the libSQL test server
// (Hrana over HTTP, /v2/pipeline) and against the client's own local engine (file: URL), then
// compares what the application sees. Also checks what only a server can do: a wrong token and a
// read-only token that writes must fail, a read-only token must read.
//
// Environment: SQL_URL, ADMIN_URL, ADMIN_KEY (the test server's), WORK_DIR (for the file: database).
import { createClient } from "@libsql/client";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { isDeepStrictEqual } from "node:util";

const { SQL_URL, ADMIN_URL, ADMIN_KEY } = process.env;
if (!SQL_URL || !ADMIN_URL || !ADMIN_KEY) {
  console.error("SQL_URL, ADMIN_URL and ADMIN_KEY must be set");
  process.exit(2);
}
const NAMESPACE = `compat_${process.pid}_${Date.now()}`;

// --- keys and tokens, as the driver makes them: Ed25519, {id, a, exp} ---
const b64url = (buffer) => Buffer.from(buffer).toString("base64url");
function jwt(privateKey, access) {
  const header = b64url(JSON.stringify({ alg: "EdDSA", typ: "JWT" }));
  const claims = b64url(
    JSON.stringify({ id: NAMESPACE, a: access, exp: Math.floor(Date.now() / 1000) + 600 }),
  );
  const signature = sign(null, Buffer.from(`${header}.${claims}`), privateKey);
  return `${header}.${claims}.${b64url(signature)}`;
}
const key = generateKeyPairSync("ed25519");
const strangerKey = generateKeyPairSync("ed25519");
const publicPem = key.publicKey.export({ type: "spki", format: "pem" });

async function admin(method, path, body) {
  const response = await fetch(`${ADMIN_URL}${path}`, {
    method,
    headers: { Authorization: `Basic ${ADMIN_KEY}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  }
}

// sqld picks the namespace from the x-namespace header; the client lets us add it with a fetch.
function namespacedFetch(input, init) {
  const request = new Request(input, init);
  const headers = new Headers(request.headers);
  headers.set("x-namespace", NAMESPACE);
  return fetch(new Request(request, { headers }));
}

function remoteClient(token) {
  return createClient({ url: SQL_URL, authToken: token, fetch: namespacedFetch });
}

// --- what the application sees, in a form that can be compared ---
function value(v) {
  if (v instanceof ArrayBuffer) return { blob: Array.from(new Uint8Array(v)) };
  if (typeof v === "bigint") return { bigint: v.toString() };
  return v;
}
function result(rs, { rowid = false } = {}) {
  const seen = {
    columns: rs.columns,
    columnTypes: rs.columnTypes,
    rows: rs.rows.map((row) => Array.from(row).map(value)),
    rowsAffected: rs.rowsAffected,
  };
  if (rowid) seen.lastInsertRowid = rs.lastInsertRowid?.toString();
  return seen;
}
async function failure(promise) {
  try {
    await promise;
    return { failed: false };
  } catch (e) {
    return { failed: true, constraint: String(e.code ?? "").startsWith("SQLITE_CONSTRAINT") };
  }
}

async function scenario(client) {
  const out = {};
  await client.execute(
    "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, photo BLOB, visits INTEGER)",
  );
  out.insertPositional = result(
    await client.execute({
      sql: "INSERT INTO person (name, score, photo, visits) VALUES (?, ?, ?, ?)",
      args: ["alice", 1.5, new Uint8Array([1, 2, 3, 255]), 42n],
    }),
    { rowid: true },
  );
  out.insertNamed = result(
    await client.execute({
      sql: "INSERT INTO person (name, score, visits) VALUES (:name, :score, $visits)",
      args: { name: "bob", score: 2, visits: null },
    }),
    { rowid: true },
  );
  out.batchWrite = (
    await client.batch(
      [
        { sql: "INSERT INTO person (name) VALUES (?)", args: ["carol"] },
        { sql: "INSERT INTO person (name) VALUES (?)", args: ["dave"] },
        { sql: "UPDATE person SET score = score * 2 WHERE score IS NOT NULL", args: [] },
      ],
      "write",
    )
  ).map((rs) => result(rs));
  out.batchRead = (
    await client.batch(
      ["SELECT count(*) AS n FROM person", "SELECT name FROM person ORDER BY id"],
      "read",
    )
  ).map((rs) => result(rs));
  out.failedBatchRollsBack = await failure(
    client.batch(
      [
        "INSERT INTO person (name) VALUES ('ghost')",
        "INSERT INTO person (id, name) VALUES (1, 'duplicate')",
      ],
      "write",
    ),
  );
  out.afterFailedBatch = result(await client.execute("SELECT count(*) FROM person"));

  const rolledBack = await client.transaction("write");
  await rolledBack.execute({ sql: "INSERT INTO person (name) VALUES (?)", args: ["eve"] });
  out.insideTransaction = result(await rolledBack.execute("SELECT count(*) FROM person"));
  await rolledBack.rollback();
  out.afterRollback = result(await client.execute("SELECT count(*) FROM person"));
  const committed = await client.transaction("write");
  await committed.execute({ sql: "INSERT INTO person (name) VALUES (?)", args: ["frank"] });
  await committed.execute({ sql: "UPDATE person SET visits = 7 WHERE name = ?", args: ["frank"] });
  await committed.commit();
  out.afterCommit = result(
    await client.execute("SELECT name, visits FROM person WHERE name = 'frank'"),
  );

  await client.executeMultiple(`
    CREATE TABLE tally (x INTEGER);
    INSERT INTO tally VALUES (1);
    -- a comment between statements
    INSERT INTO tally VALUES (2); INSERT INTO tally VALUES (3);
  `);
  out.executeMultiple = result(await client.execute("SELECT sum(x) AS total FROM tally"));

  out.syntaxError = await failure(client.execute("SELEC nonsense FROM nowhere"));
  out.missingTable = await failure(client.execute("SELECT * FROM no_such_table"));
  out.constraint = await failure(
    client.execute("INSERT INTO person (id, name) VALUES (1, 'again')"),
  );
  out.allRows = result(
    await client.execute("SELECT id, name, score, photo, visits FROM person ORDER BY id"),
  );
  out.types = result(
    await client.execute(
      "SELECT 1 AS i, 2.5 AS f, 'text' AS t, x'00ff' AS b, NULL AS n, CAST(9007199254740993 AS TEXT) AS big",
    ),
  );
  return out;
}

let failures = 0;
function check(what, ok, detail) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || detail === undefined ? "" : ": " + detail}`);
  if (!ok) failures++;
}

const workDir = mkdtempSync(join(process.env.WORK_DIR ?? tmpdir(), "libsql-compat-"));
try {
  await admin("POST", `/v1/namespaces/${NAMESPACE}/create`, { jwt_key: publicPem });

  const remote = remoteClient(jwt(key.privateKey, "rw"));
  const local = createClient({ url: `file:${join(workDir, "local.db")}` });
  const seenRemote = await scenario(remote);
  const seenLocal = await scenario(local);
  for (const step of Object.keys(seenLocal)) {
    const same = isDeepStrictEqual(seenRemote[step], seenLocal[step]);
    check(
      `${step}: test server and local engine agree`,
      same,
      `\n  server: ${JSON.stringify(seenRemote[step])}\n  local:  ${JSON.stringify(seenLocal[step])}`,
    );
  }
  remote.close();
  local.close();

  // What only a server does: authentication and read-only tokens.
  const stranger = remoteClient(jwt(strangerKey.privateKey, "rw"));
  const wrongToken = await failure(stranger.execute("SELECT 1"));
  check("a token signed with an unknown key is refused", wrongToken.failed);
  stranger.close();

  const reader = remoteClient(jwt(key.privateKey, "ro"));
  const read = await reader.execute("SELECT count(*) AS n FROM person");
  check("a read-only token reads", Number(read.rows[0].n) === 5, JSON.stringify(read.rows));
  const write = await failure(reader.execute("INSERT INTO person (name) VALUES ('intruder')"));
  check("a read-only token cannot write", write.failed);
  reader.close();
  const after = remoteClient(jwt(key.privateKey, "rw"));
  const count = await after.execute("SELECT count(*) AS n FROM person WHERE name = 'intruder'");
  check("the refused write left nothing behind", Number(count.rows[0].n) === 0);
  after.close();
} finally {
  await admin("DELETE", `/v1/namespaces/${NAMESPACE}`).catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
}

console.log(failures === 0 ? "compat: all checks passed" : `compat: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
