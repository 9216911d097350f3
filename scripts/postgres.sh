#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL for bgen's tests, and
# makes sure the role app/app with CREATEDB exists. Idempotent: run it as
# often as you like. Prints the URL to put in BGEN_TEST_POSTGRES.
set -euo pipefail

# Only the URL goes to stdout, since callers capture it: everything the tools
# print (pg_ctlcluster says "Removed stale pid file.", apt talks) goes to
# stderr. A file descriptor kept for the URL would be inherited by the
# server that pg_ctlcluster starts and keep the caller's $(...) waiting.
start() {
	if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
		echo "postgres.sh: installing postgresql" >&2
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
	fi

	# The first cluster pg_lsclusters shows (Debian creates 15/main).
	read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || true
	if [ -z "${version:-}" ]; then
		version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
		cluster=main
		pg_createcluster "$version" "$cluster" >/dev/null
		read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
	fi

	if [ "$status" != "online" ]; then
		pg_ctlcluster "$version" "$cluster" start
	fi

	# Wait until the server accepts connections (at most 30 s).
	for _ in $(seq 1 60); do
		if su postgres -c "psql -p $port -qtAc 'SELECT 1'" >/dev/null 2>&1; then
			break
		fi
		sleep 0.5
	done
	su postgres -c "psql -p $port -qtAc 'SELECT 1'" >/dev/null

	if [ "$(su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'app'\"")" != "1" ]; then
		su postgres -c "psql -p $port -qc \"CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB\""
	fi
}
start >&2

url="postgres://app:app@127.0.0.1:${port}/postgres"
# The role must be able to log in over TCP with its password.
for _ in $(seq 1 20); do
	if psql "$url" -qtAc 'SELECT 1' >/dev/null 2>&1; then
		echo "$url"
		exit 0
	fi
	sleep 0.5
done
echo "postgres.sh: cannot connect as $url" >&2
exit 1
