#!/usr/bin/env bash
# Load benchmark: the bgen-generated Go blog server vs the hand-written
# baseline in bench/load/goserver, on identical SQLite data. A benchmark,
# not a test: it prints numbers and asserts nothing.
#
#   bench/load/go.sh                    # defaults below
#   C=16 DUR=8s WARMUP=2s POSTS=1000 REPS=3 SCENARIOS="get list create" bench/load/go.sh
#
# Every scenario runs REPS rounds, alternating generated and baseline within
# a round so drifting background load hits both alike; the table shows the
# median run by throughput and the min..max range.
# Each (scenario, server) run starts a fresh server process on its own copy
# of the seeded database, so VmHWM (peak RSS) is per scenario. The servers
# run one at a time; the load generator shares the machine with them.
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
WORK=${WORK:-$(mktemp -d /tmp/bgen-load-go.XXXXXX)}
SECRET=bench-secret-0123456789abcdef0123456789abcdef
export APP_ENV=production JWT_SECRET=$SECRET LOG_LEVEL=warn HOST=127.0.0.1

echo "work dir: $WORK" >&2
cd "$ROOT"
go build -o "$WORK/bgen" ./cmd/bgen
go build -o "$WORK/loadgen" ./bench/cmd/loadgen
"$WORK/bgen" build examples/blog/api.cue -o "$WORK/gen" >/dev/null
(cd "$WORK/gen/go" && go mod tidy >/dev/null 2>&1 && go build -o "$WORK/gen-server" ./cmd/server)
(cd "$ROOT/bench/load/goserver" && go build -o "$WORK/base-server" .)

# Seed: the generated server's migrations make the schema, create-user makes
# the author, sqlite3 inserts the posts. The baseline gets a byte copy.
SEED="$WORK/seed.db"
rm -f "$SEED"
DATABASE_URL="sqlite:///$SEED" AUTO_MIGRATE=true "$WORK/gen-server" create-user \
  '{"email":"bench@example.com","password":"bench-password","name":"Bench","role":"admin"}' >/dev/null
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
sqlite3 "$SEED" 'SELECT id FROM posts' > "$WORK/ids.txt"
# The journal mode is a property of the file, so both servers run in it:
# WAL when the generated server (which sets it) made the schema.
JOURNAL=$(sqlite3 "$SEED" 'PRAGMA journal_mode')

PID=
start() { # $1 = gen|base, $2 = db path
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT is already in use; set PORT" >&2
    exit 1
  fi
  DATABASE_URL="sqlite:///$2" PORT=$PORT AUTO_MIGRATE=false "$WORK/$1-server" serve >"$WORK/$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do
    kill -0 "$PID" 2>/dev/null || break
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/posts/1" && return 0
    sleep 0.1
  done
  echo "$1 server did not come up; see $WORK/$1.log" >&2
  exit 1
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; }
trap stop EXIT

# A token from the generated server's login; the baseline verifies it with
# the same secret.
cp "$SEED" "$WORK/login.db"
start gen "$WORK/login.db"
TOKEN=$(curl -fs -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password"}' \
  "http://127.0.0.1:$PORT/api/auth/login" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("accessToken") or d.get("token") or d.get("access_token"))')
stop

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for scenario in $SCENARIOS; do
 for rep in $(seq "$REPS"); do
  for server in gen base; do
    cp "$SEED" "$WORK/$server-$scenario.db"
    start "$server" "$WORK/$server-$scenario.db"
    out=$("$WORK/loadgen" -json -base "http://127.0.0.1:$PORT" -scenario "$scenario" \
      -c "$C" -d "$DUR" -n "$MAXREQ" -warmup "$WARMUP" -ids-file "$WORK/ids.txt" \
      -token "$TOKEN" -prefix "$server-$RANDOM" -label "$server")
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
    stop
    echo "${out%\}},\"rss_kb\":$rss}" >>"$RESULTS"
    echo "$out rss_kb=$rss" >&2
  done
 done
done

python3 - "$RESULTS" "$C" "$DUR" "$JOURNAL" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def med(sc, sv):
    rs = sorted((r for r in rows if r["scenario"] == sc and r["label"] == sv), key=lambda r: r["rps"])
    return rs[len(rs) // 2], rs[0]["rps"], rs[-1]["rps"]
print(f"\nGo blog: generated (bgen) vs hand-written baseline; c={sys.argv[2]}, {sys.argv[3]} per run, loopback, SQLite (journal_mode={sys.argv[4]})")
print("median run by req/s (min..max over runs); RSS MB = VmHWM of that run's fresh process")
print(f"{'scenario':8} {'server':5} {'req/s':>7} {'(min..max)':>14} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'RSS MB':>6}  codes")
for sc in dict.fromkeys(r["scenario"] for r in rows):
    m = {}
    for sv in ("gen", "base"):
        r, lo, hi = m[sv] = med(sc, sv)
        rng = f"({lo:.0f}..{hi:.0f})"
        print(f"{sc:8} {sv:5} {r['rps']:7.0f} {rng:>14} {r['p50_ms']:7.2f} {r['p99_ms']:7.2f} {r['errors']:6d} {r['rss_kb']/1024:6.1f}  {r['codes']}")
    g, b = m["gen"][0], m["base"][0]
    print(f"{sc:8} gen/base: throughput {g['rps']/b['rps']:.2f}x, p99 {g['p99_ms']/b['p99_ms']:.2f}x, peak RSS {g['rss_kb']/b['rss_kb']:.2f}x")
PY
