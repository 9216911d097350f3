#!/usr/bin/env bash
# Times `bgen build` itself, for two or more bgen binaries run in turn
# (interleaved, so that a busy machine slows each alike), on a synthetic
# spec of N entities: a fresh build into an empty directory, then a build
# that finds every file unchanged (compile, emit and compare, no writes).
#
#   bash bench/buildtime.sh -n 100 -r 3 /tmp/bgen-before bin/bgen
#
# Prints wall time, CPU time (user+system) and peak RSS per run. On a
# shared machine compare CPU time, and wall time only over several rounds.
set -euo pipefail
n=100 rounds=3
while getopts "n:r:" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) rounds=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	echo "usage: bench/buildtime.sh [-n ENTITIES] [-r ROUNDS] BGEN..." >&2
	exit 2
fi
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./bench/cmd/pipelinebench -n "$n" -spec "$work/api.cue"
run() { # label bin outdir
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$2" build "$work/api.cue" -t fastapi,go -o "$3" >/dev/null
	read -r wall user sys rss <"$work/time"
	awk -v l="$1" -v b="$2" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
		'BEGIN { printf "%-40s n=%-5s %-9s wall=%6.2fs cpu=%6.2fs peakRSS=%6.1fMiB\n", b, n, l, w, u + s, m / 1024 }'
}
for r in $(seq "$rounds"); do
	for bin in "$@"; do
		out="$work/gen-$r-$(basename "$bin")"
		run fresh "$bin" "$out"
		run unchanged "$bin" "$out"
		rm -rf "$out"
	done
done
