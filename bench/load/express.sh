#!/usr/bin/env bash
# Load benchmark: the bgen-generated Express blog server vs the hand-written
# baseline in bench/load/expressserver (Express 5 + better-sqlite3, or pg's
# Pool), on identical data. A benchmark, not a test: it prints numbers and
# asserts nothing. The Express sibling of go.sh.
#
#   bench/load/express.sh               # defaults below
#   C=16 DUR=8s WARMUP=2s POSTS=1000 REPS=3 SCENARIOS="get list create" bench/load/express.sh
#   BGEN_BENCH_POSTGRES=postgres://app:app@127.0.0.1:5432/postgres bench/load/express.sh
#   LOGGER=winston bench/load/express.sh    # pino vs winston in the generated server
#
# Every scenario runs REPS rounds, alternating the two servers within a
# round so drifting background load hits both alike; the table shows the
# median run by throughput, the min..max range, and the server's CPU time
# per request (user + system of the node process over the measured run,
# which moves less with background load than throughput does). Each (scenario, server) run starts a
# fresh server process on its own copy of the seeded database, so VmHWM
# (peak RSS) is per scenario. The load generator shares the machine.
#
# SQLite (default): the seed is a file, each run gets a byte copy; the
# journal mode is the file's (WAL: the generated migrator sets it).
# PostgreSQL (BGEN_BENCH_POSTGRES=URL of a role with CREATEDB, e.g. from
# scripts/postgres.sh): the seed is a database, each run gets a copy made
# with CREATE DATABASE ... TEMPLATE, dropped afterwards. The database
# server's own CPU is not in the CPU column.
#
# No index is added for the list's order (created_at DESC, id), as go.sh
# adds none: both servers sort all the posts per list request (the
# generated server sorts ids and reads the page's rows by id; the baseline
# sorts whole rows, which costs it more on SQLite). LIST_INDEX=1 adds the
# index to the seed, so to both servers' databases.
#
# LOGGER=winston compares loggers instead of servers: the generated server
# as generated (pino) against a copy whose src/runtime/log.ts is swapped for
# the winston logger below (same JSON lines, same fields), both with
# LOG_LEVEL=info so that every request writes its access-log line, to
# LOG_SINK (default: a file in the work dir; /dev/null works too).
#
# node_modules: the generated project's is linked from the conformance
# suite's cache (~/.cache/bgen-conformance/express-<key>) when an entry for
# its package.json exists, else npm-installed into the project. The
# baseline's (and winston's) are installed once into ~/.cache/bgen/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
C=${C:-16}
DUR=${DUR:-8s}
WARMUP=${WARMUP:-2s}
MAXREQ=${MAXREQ:-500000}
POSTS=${POSTS:-1000}
REPS=${REPS:-3}
SCENARIOS=${SCENARIOS:-get list create}
PORT=${PORT:-18080}
LOGGER=${LOGGER:-}
LIST_INDEX=${LIST_INDEX:-0}
PG=${BGEN_BENCH_POSTGRES:-}
WINSTON_VERSION=3.19.0
WORK=${WORK:-$(mktemp -d /tmp/bgen-load-express.XXXXXX)}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}
SECRET=bench-secret-0123456789abcdef0123456789abcdef
export APP_ENV=production JWT_SECRET=$SECRET LOG_LEVEL=warn HOST=127.0.0.1

case "$LOGGER" in
"") SERVERS="gen base" ;;
winston) SERVERS="pino winston" ;;
*) echo "LOGGER must be empty or winston" >&2; exit 2 ;;
esac

mkdir -p "$WORK"
echo "work dir: $WORK" >&2
cd "$ROOT"
go build -o "$WORK/bgen" ./cmd/bgen
go build -o "$WORK/loadgen" ./bench/cmd/loadgen
"$WORK/bgen" build examples/blog/api.cue -t express -o "$WORK/gen" >/dev/null
GEN="$WORK/gen/express"

# The conformance suite's cache key for node_modules (conformance.linkCached:
# package.json's engines, dependencies, devDependencies and overrides, as Go's
# json.Marshal writes them, and the install command).
KEY=$(python3 - "$GEN/package.json" <<'PY'
import collections, hashlib, json, sys
pkg = json.load(open(sys.argv[1]), object_pairs_hook=collections.OrderedDict)
fields = [pkg.get(f) for f in ("engines", "dependencies", "devDependencies", "overrides")]
b = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
b = b.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()
h = hashlib.sha256(b"package.json\x00%d\x00" % len(b) + b + b"npm install --no-audit --no-fund\x00")
print(h.hexdigest()[:16])
PY
)
if [ -f "$CACHE/bgen-conformance/express-$KEY/.done" ]; then
  ln -s "$CACHE/bgen-conformance/express-$KEY/node_modules" "$GEN/node_modules"
else
  echo "no conformance cache entry express-$KEY: npm install" >&2
  (cd "$GEN" && npm install --no-audit --no-fund >/dev/null)
fi
(cd "$GEN" && npm run build >/dev/null)

# installed DIR PACKAGE.JSON-TEXT: node_modules installed once per content.
installed() {
  local dir=$1
  if [ ! -f "$dir/.ready" ]; then
    echo "installing $dir" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    printf '%s\n' "$2" >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund >/dev/null)
    touch "$dir/.ready"
  fi
}

if [ -z "$LOGGER" ]; then
  BASE_PKG=$(cat "$ROOT/bench/load/expressserver/package.json")
  BASE_MODULES="$CACHE/bgen/load-express-base-$(printf '%s' "$BASE_PKG" | sha256sum | cut -c1-12)"
  installed "$BASE_MODULES" "$BASE_PKG"
  mkdir -p "$WORK/base"
  cp "$ROOT/bench/load/expressserver/package.json" "$ROOT/bench/load/expressserver/server.js" "$WORK/base/"
  ln -s "$BASE_MODULES/node_modules" "$WORK/base/node_modules"
else
  # A copy of the generated project with a winston log.ts. winston is no
  # dependency of the project: it is installed in a node_modules folder
  # above the copy, where Node and TypeScript find it (the generated
  # README's way to add a dependency of your own).
  WINSTON_MODULES="$CACHE/bgen/load-express-winston-$WINSTON_VERSION"
  installed "$WINSTON_MODULES" "{\"private\": true, \"dependencies\": {\"winston\": \"$WINSTON_VERSION\"}}"
  mkdir -p "$WORK/winston/express"
  ln -s "$WINSTON_MODULES/node_modules" "$WORK/winston/node_modules"
  (cd "$GEN" && tar cf - --exclude=./node_modules --exclude=./dist .) | (cd "$WORK/winston/express" && tar xf -)
  ln -s "$(readlink -f "$GEN/node_modules")" "$WORK/winston/express/node_modules"
  cat >"$WORK/winston/express/src/runtime/log.ts" <<'TS'
// JSON lines on stdout: time (RFC 3339 UTC), level, msg, then the fields,
// as the generated pino logger writes them, written by winston
// (bench/load/express.sh, LOGGER=winston). The generated code calls
// log.info(fields, msg) or log.info(msg), pino's order.

import winston from "winston";

type Fields = Record<string, unknown>;
type Level = "debug" | "info" | "warn" | "error";
type Method = (fields: Fields | string, msg?: string) => void;
export type Logger = Record<Level, Method>;

export function newLogger(level: string): Logger {
  const w = winston.createLogger({
    level,
    format: winston.format.printf(({ level, message, ...fields }) =>
      JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })),
    transports: [new winston.transports.Console()],
  });
  // winston formats every entry, even one below the level; pino's
  // disabled levels are no-ops.
  const at = (l: Level): Method => (fields, msg) => {
    if (!w.isLevelEnabled(l)) return;
    if (typeof fields === "string") w.log(l, fields);
    else w.log(l, msg ?? "", fields);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
TS
  (cd "$WORK/winston/express" && node_modules/.bin/tsc -p tsconfig.json)
fi

# Where a server runs and how.
dir_of() {
  case $1 in
  gen | pino) echo "$GEN" ;;
  winston) echo "$WORK/winston/express" ;;
  base) echo "$WORK/base" ;;
  esac
}
cmd_of() {
  case $1 in
  base) echo "node server.js" ;;
  *) echo "node dist/cli.js serve" ;;
  esac
}

# The seed: the generated server's migrations make the schema, create-user
# makes the author, SQL inserts the posts (the same rows on both databases).
psql_q() { psql "$1" -v ON_ERROR_STOP=1 -qtA "${@:2}"; }
pg_db_url() { # admin-url dbname
  python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$1" "$2"
}
seed_user() {
  (cd "$GEN" && DATABASE_URL=$1 node dist/cli.js migrate >/dev/null &&
    DATABASE_URL=$1 node dist/cli.js create-user \
      '{"email":"bench@example.com","password":"bench-password","name":"Bench","role":"admin"}' >/dev/null)
}
INDEX_SQL='CREATE INDEX ix_bench_posts_created_at_id ON posts (created_at DESC, id)'
if [ -z "$PG" ]; then
  SEED="$WORK/seed.db"
  rm -f "$SEED"
  seed_user "sqlite:///$SEED"
  sqlite3 "$SEED" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $POSTS)
INSERT INTO posts (title, body, status, views, slug, summary, author_id, created_at, updated_at)
SELECT 'Post number ' || i,
       'Body of post ' || i || ': ' || substr(replace(hex(zeroblob(200)), '0', 'lorem '), 1, 600),
       CASE i % 2 WHEN 0 THEN 'published' ELSE 'draft' END,
       0, 'post-' || i, CASE i % 3 WHEN 0 THEN NULL ELSE 'Summary ' || i END,
       (SELECT id FROM users LIMIT 1),
       strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' minutes'),
       strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' minutes')
FROM n;
SQL
  [ "$LIST_INDEX" = 1 ] && sqlite3 "$SEED" "$INDEX_SQL"
  sqlite3 "$SEED" 'SELECT id FROM posts' >"$WORK/ids.txt"
  DBNOTE="SQLite (journal_mode=$(sqlite3 "$SEED" 'PRAGMA journal_mode'))"
else
  PGPREFIX="bgen_load_express_$$"
  PGSEED="${PGPREFIX}_seed"
  psql_q "$PG" -c "CREATE DATABASE $PGSEED"
  SEED=$(pg_db_url "$PG" "$PGSEED")
  seed_user "$SEED"
  psql_q "$SEED" <<SQL
INSERT INTO posts (title, body, status, views, slug, summary, author_id, created_at, updated_at)
SELECT 'Post number ' || i, 'Body of post ' || i || ': ' || repeat('lorem ', 100),
       CASE i % 2 WHEN 0 THEN 'published' ELSE 'draft' END,
       0, 'post-' || i, CASE i % 3 WHEN 0 THEN NULL ELSE 'Summary ' || i END,
       (SELECT id FROM users LIMIT 1),
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute',
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, $POSTS) AS i;
SQL
  [ "$LIST_INDEX" = 1 ] && psql_q "$SEED" -c "$INDEX_SQL"
  psql_q "$SEED" -c 'VACUUM ANALYZE'
  psql_q "$SEED" -c 'SELECT id FROM posts ORDER BY id' >"$WORK/ids.txt"
  DBNOTE="PostgreSQL $(psql_q "$SEED" -c 'SHOW server_version' | cut -d' ' -f1)"
fi

# fresh_db NAME: a copy of the seed for one run; prints its DATABASE_URL.
fresh_db() {
  if [ -z "$PG" ]; then
    cp "$SEED" "$WORK/$1.db"
    echo "sqlite:///$WORK/$1.db"
  else
    psql_q "$PG" -c "CREATE DATABASE ${PGPREFIX}_$1 TEMPLATE $PGSEED"
    pg_db_url "$PG" "${PGPREFIX}_$1"
  fi
}
drop_db() {
  if [ -z "$PG" ]; then
    rm -f "$WORK/$1.db" "$WORK/$1.db-wal" "$WORK/$1.db-shm"
  else
    psql_q "$PG" -c "DROP DATABASE IF EXISTS ${PGPREFIX}_$1 WITH (FORCE)"
  fi
}

PID=
start() { # $1 = server, $2 = DATABASE_URL, $3 = stdout file
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT is already in use; set PORT" >&2
    exit 1
  fi
  local level=$LOG_LEVEL
  [ -n "$LOGGER" ] && level=info
  # exec: $! is the node process itself, whose VmHWM and CPU we read.
  (cd "$(dir_of "$1")" && DATABASE_URL=$2 PORT=$PORT AUTO_MIGRATE=false LOG_LEVEL=$level exec $(cmd_of "$1")) \
    >"$3" 2>>"$WORK/$1.err" &
  PID=$!
  for _ in $(seq 100); do
    kill -0 "$PID" 2>/dev/null || break
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/posts/1" && return 0
    sleep 0.1
  done
  echo "$1 server did not come up; see $WORK/$1.err" >&2
  exit 1
}
stop() { [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; PID=; }
cleanup() {
  stop
  [ -z "$PG" ] && return
  for db in $(psql_q "$PG" -c "SELECT datname FROM pg_database WHERE datname LIKE '${PGPREFIX}_%'"); do
    psql_q "$PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
}
trap cleanup EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICKS=$(getconf CLK_TCK)

# A token from the generated server's login; the baseline verifies it with
# the same secret.
url=$(fresh_db login)
start "$(echo "$SERVERS" | cut -d' ' -f1)" "$url" /dev/null
TOKEN=$(curl -fs -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password"}' \
  "http://127.0.0.1:$PORT/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
stop
drop_db login

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for scenario in $SCENARIOS; do
 for rep in $(seq "$REPS"); do
  for server in $SERVERS; do
    run="${server}_${scenario}_$rep"
    url=$(fresh_db "$run")
    sink=${LOG_SINK:-$WORK/$run.out}
    start "$server" "$url" "$sink"
    lg=("$WORK/loadgen" -json -base "http://127.0.0.1:$PORT" -scenario "$scenario" -c "$C"
      -ids-file "$WORK/ids.txt" -token "$TOKEN" -label "$server")
    # Warm-up apart from the measured run, so that the CPU time read
    # around the measured run is its own. Tag names differ per run.
    "${lg[@]}" -d "$WARMUP" -warmup 0s -prefix "$server-w$RANDOM" >/dev/null
    before=$(cpu_ticks "$PID")
    out=$("${lg[@]}" -d "$DUR" -n "$MAXREQ" -warmup 0s -prefix "$server-m$RANDOM")
    cpu=$(($(cpu_ticks "$PID") - before))
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
    stop
    lines=0
    [ -f "$sink" ] && lines=$(wc -l <"$sink")
    [ -z "${LOG_SINK:-}" ] && rm -f "$sink"
    drop_db "$run"
    echo "${out%\}},\"rss_kb\":$rss,\"cpu_ticks\":$cpu,\"ticks_per_s\":$TICKS,\"log_lines\":$lines}" >>"$RESULTS"
    echo "$out rss_kb=$rss cpu_ticks=$cpu log_lines=$lines" >&2
  done
 done
done

python3 - "$RESULTS" "$C" "$DUR" "$DBNOTE" "$SERVERS" "$LIST_INDEX" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
servers = sys.argv[5].split()
a, b = servers
def cpu_ms(r):
    return r["cpu_ticks"] * 1000 / r["ticks_per_s"] / max(r["requests"], 1)
def med(sc, sv):
    rs = sorted((r for r in rows if r["scenario"] == sc and r["label"] == sv), key=lambda r: r["rps"])
    return rs[len(rs) // 2], rs[0]["rps"], rs[-1]["rps"], sorted(cpu_ms(r) for r in rs)
what = "generated (pino) vs generated with winston, LOG_LEVEL=info (access log on)" if a == "pino" else "generated (bgen) vs hand-written baseline"
index = ", index on posts (created_at DESC, id)" if sys.argv[6] == "1" else ""
print(f"\nExpress blog: {what}; c={sys.argv[2]}, {sys.argv[3]} per run, loopback, {sys.argv[4]}{index}")
print("median run by req/s (min..max over runs); CPU = node process user+sys ms per request (min..max);")
print("RSS MB = VmHWM of that run's fresh process")
print(f"{'scenario':8} {'server':7} {'req/s':>7} {'(min..max)':>14} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>17} {'errors':>6} {'RSS MB':>6}  codes")
for sc in dict.fromkeys(r["scenario"] for r in rows):
    m = {}
    for sv in servers:
        r, lo, hi, cpus = m[sv] = med(sc, sv)
        rng = f"({lo:.0f}..{hi:.0f})"
        cpu = f"{cpu_ms(r):.3f} ({cpus[0]:.2f}..{cpus[-1]:.2f})"
        print(f"{sc:8} {sv:7} {r['rps']:7.0f} {rng:>14} {r['p50_ms']:7.2f} {r['p99_ms']:7.2f} {cpu:>17} {r['errors']:6d} {r['rss_kb']/1024:6.1f}  {r['codes']}")
    x, y = m[a][0], m[b][0]
    print(f"{sc:8} {a}/{b}: throughput {x['rps']/y['rps']:.2f}x, p99 {x['p99_ms']/y['p99_ms']:.2f}x, "
          f"CPU/req {cpu_ms(x)/cpu_ms(y):.2f}x, peak RSS {x['rss_kb']/y['rss_kb']:.2f}x")
PY
