#!/usr/bin/env bash
# HTTP load benchmark: bgen's generated FastAPI server vs a hand-written
# FastAPI baseline (bench/load/fastapi/baseline.py), same libraries, same
# SQLite data. A benchmark, not a test: it prints figures and asserts nothing.
#
#   bench/load/fastapi.sh                     # defaults below
#   C=16 D=10s WARM=2s POSTS=1000 WORKERS=2 ROUNDS=1 bench/load/fastapi.sh
#   SCENARIOS="create" bench/load/fastapi.sh  # a subset of: get list create
#
# Both servers run under uvicorn with WORKERS worker processes (default 2:
# one per core on the 2-core benchmark machine, what we would ship there),
# no access log, log level warning, the same venv (the generated project's
# pinned requirements.txt). The load generator (bench/cmd/loadgen) runs on
# the same machine, so it competes with the servers for the 2 cores.
# Besides throughput and latency it reports each server's CPU time per
# request (user + system time of its process tree over the measured run):
# throughput moves with whatever else shares the machine, CPU time hardly.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
C=${C:-16}
D=${D:-10s}
WARM=${WARM:-2s}
POSTS=${POSTS:-1000}
WORKERS=${WORKERS:-2}
ROUNDS=${ROUNDS:-1}
SCENARIOS=${SCENARIOS:-get list create}
PORT_GEN=${PORT_GEN:-18181}
PORT_BASE=${PORT_BASE:-18182}
WORK=${WORK:-$(mktemp -d /tmp/bgen-load-fastapi.XXXXXX)}
SECRET=bench-secret-0123456789abcdef0123456789abcdef
EMAIL=bench@example.com
PASSWORD=bench-password-1

for port in "$PORT_GEN" "$PORT_BASE"; do
	if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
		echo "port $port is already in use; set PORT_GEN / PORT_BASE" >&2
		exit 1
	fi
done
mkdir -p "$WORK"
echo "# work dir: $WORK" >&2

cd "$ROOT"
go build -o "$WORK/bgen" ./cmd/bgen
go build -o "$WORK/loadgen" ./bench/cmd/loadgen
"$WORK/bgen" build examples/blog/api.cue -o "$WORK/gen" >/dev/null
GEN="$WORK/gen/fastapi"

# One venv for both servers, keyed by the generated requirements.
REQ_HASH=$(cat "$GEN/requirements.txt" "$ROOT/bench/load/fastapi/requirements.txt" | sha256sum | cut -c1-12)
VENV=${VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/bgen/load-venv-$REQ_HASH}
if [ ! -x "$VENV/bin/python" ] || [ ! -f "$VENV/.ready" ]; then
	echo "# building venv $VENV" >&2
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install -q -r "$GEN/requirements.txt" -r "$ROOT/bench/load/fastapi/requirements.txt"
	touch "$VENV/.ready"
fi
PY="$VENV/bin/python"

PIDS=()
cleanup() {
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap cleanup EXIT

wait_up() { # port pid: fails when the server died (e.g. the port was taken meanwhile)
	for _ in $(seq 1 150); do
		if ! kill -0 "$2" 2>/dev/null; then
			echo "server for :$1 exited at start (port in use?)" >&2
			return 1
		fi
		if curl -fsS -o /dev/null "http://127.0.0.1:$1/api/posts?limit=1" 2>/dev/null; then return 0; fi
		sleep 0.2
	done
	echo "server on :$1 did not come up" >&2
	return 1
}

stop() { # pid
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

login() { # port
	curl -fsS -X POST "http://127.0.0.1:$1/api/auth/login" \
		-H 'Content-Type: application/json' \
		-d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" |
		"$PY" -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'
}

rss_kb() { # pid: RSS of the process and all its descendants, in KiB
	local total kid
	total=$(ps -o rss= -p "$1" | tr -d ' ')
	total=${total:-0}
	for kid in $(ps -o pid= --ppid "$1"); do
		total=$((total + $(rss_kb "$kid")))
	done
	echo "$total"
}

cpu_ticks() { # pid: user+system CPU of the process and all its descendants, in clock ticks
	local total kid
	total=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
	for kid in $(ps -o pid= --ppid "$1"); do
		total=$((total + $(cpu_ticks "$kid")))
	done
	echo "$total"
}
TICKS=$(getconf CLK_TCK)

# --- Seed: migrate, one admin user, POSTS posts through the generated API.
GEN_DB="$WORK/generated.db"
BASE_DB="$WORK/baseline.db"
export APP_ENV=production JWT_SECRET=$SECRET LOG_LEVEL=warn HOST=127.0.0.1
(cd "$GEN" && DATABASE_URL="sqlite:///$GEN_DB" AUTO_MIGRATE=true "$PY" -m app create-user \
	"{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"Bench\",\"role\":\"admin\"}" >/dev/null)
seed_server() { cd "$GEN" && exec env DATABASE_URL="sqlite:///$GEN_DB" AUTO_MIGRATE=false PORT=$PORT_GEN "$PY" -m app serve; }
seed_server &
SEED_PID=$!
PIDS+=("$SEED_PID")
wait_up "$PORT_GEN" "$SEED_PID"
TOKEN=$(login "$PORT_GEN")
echo "# seeding $POSTS posts through POST /api/posts" >&2
"$PY" - "$PORT_GEN" "$TOKEN" "$POSTS" >"$WORK/ids.txt" <<'PYEOF'
import json, sys, urllib.request
port, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8
for i in range(n):
    data = json.dumps({"title": f"Post number {i}", "body": body, "status": "published",
                       "slug": f"post-{i}", "summary": f"Summary of post {i}"}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/posts", data=data, method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as resp:
        print(json.load(resp)["id"])
PYEOF
stop "$SEED_PID"
# The baseline gets a copy, in the same journal mode as the generated
# server's (WAL, which it sets itself): a hand-written app tuned for load
# would turn it on too.
"$PY" - "$GEN_DB" "$BASE_DB" <<'PYEOF'
import sqlite3, sys
source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(copy)
copy.execute("PRAGMA journal_mode=WAL")
copy.close()
source.close()
PYEOF

# Run in the background (start_gen &): exec makes $! the uvicorn supervisor,
# so stop/rss_kb address the server itself.
start_gen() {
	cd "$GEN" && exec env DATABASE_URL="sqlite:///$GEN_DB" AUTO_MIGRATE=false \
		"$PY" -m uvicorn app.main:create_app --factory --host 127.0.0.1 --port "$PORT_GEN" \
		--workers "$WORKERS" --no-access-log --log-level warning
}
start_base() {
	cd "$ROOT/bench/load/fastapi" && exec env DATABASE_URL="sqlite:///$BASE_DB" \
		"$PY" -m uvicorn baseline:app --host 127.0.0.1 --port "$PORT_BASE" \
		--workers "$WORKERS" --no-access-log --log-level warning
}

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
bench() { # label port pid
	local label=$1 port=$2 pid=$3 token before result
	token=$(login "$port")
	for scenario in $SCENARIOS; do
		"$WORK/loadgen" -base "http://127.0.0.1:$port" -scenario "$scenario" -c "$C" -d "$WARM" \
			-warmup 0s -ids-file "$WORK/ids.txt" -token "$token" -label "$label" -json >/dev/null
		# The server's CPU time per request, measured around the run: unlike
		# throughput, it hardly moves when other work shares the machine.
		before=$(cpu_ticks "$pid")
		result=$("$WORK/loadgen" -base "http://127.0.0.1:$port" -scenario "$scenario" -c "$C" \
			-d "$D" -warmup 0s -ids-file "$WORK/ids.txt" -token "$token" -label "$label" -json)
		echo "$result" | "$PY" -c 'import json, sys
r = json.load(sys.stdin)
r["cpu_ms_per_req"] = int(sys.argv[1]) * 1000 / int(sys.argv[2]) / max(r["requests"], 1)
print(json.dumps(r))' "$(($(cpu_ticks "$pid") - before))" "$TICKS" | tee -a "$RESULTS" >&2
	done
}

for round in $(seq 1 "$ROUNDS"); do
	for side in generated baseline; do
		if [ "$side" = generated ]; then start_gen & port=$PORT_GEN; else start_base & port=$PORT_BASE; fi
		pid=$!
		PIDS+=("$pid")
		wait_up "$port" "$pid"
		bench "$side" "$port" "$pid"
		# RSS of the whole tree: uvicorn's supervisor and its workers.
		echo "{\"label\":\"$side\",\"scenario\":\"rss\",\"rss_kb\":$(rss_kb "$pid")}" | tee -a "$RESULTS" >&2
		stop "$pid"
	done
done

"$PY" - "$RESULTS" "$WORKERS" "$C" "$D" <<'PYEOF'
import json, sys
from collections import defaultdict
path, workers, c, d = sys.argv[1:]
runs = defaultdict(list)
rss = defaultdict(list)
for line in open(path):
    r = json.loads(line)
    if r["scenario"] == "rss":
        rss[r["label"]].append(r["rss_kb"])
    else:
        runs[(r["scenario"], r["label"])].append(r)
def med(xs):
    xs = sorted(xs); return xs[len(xs) // 2]
print(f"uvicorn workers={workers} loadgen c={c} d={d} (median over rounds)")
print(f"{'scenario':8} {'server':10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>10} {'errors':>7}   ratio gen/base (req/s, CPU)")
for scenario in ("get", "list", "create"):
    if (scenario, "generated") not in runs:
        continue
    g, b = runs[(scenario, "generated")], runs[(scenario, "baseline")]
    for label, rs in (("generated", g), ("baseline", b)):
        print(f"{scenario:8} {label:10} {med([r['rps'] for r in rs]):9.1f} "
              f"{med([r['p50_ms'] for r in rs]):8.2f} {med([r['p99_ms'] for r in rs]):8.2f} "
              f"{med([r['cpu_ms_per_req'] for r in rs]):10.2f} "
              f"{sum(r['errors'] for r in rs):7d}", end="")
        if label == "baseline" and g and b:
            rps = med([r['rps'] for r in g]) / med([r['rps'] for r in b])
            cpu = med([r['cpu_ms_per_req'] for r in g]) / med([r['cpu_ms_per_req'] for r in b])
            print(f"   {rps:.2f}x, {cpu:.2f}x", end="")
        print()
for label in ("generated", "baseline"):
    if rss[label]:
        print(f"RSS after run, {label} (supervisor + {workers} workers): {max(rss[label]) / 1024:.1f} MiB")
PYEOF
