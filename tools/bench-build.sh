#!/usr/bin/env bash
# Times whole `timeline build` runs of the committed events, replacing an
# existing output directory each time as a curator's rebuild does, and
# prints every wall time with the median. The machine is shared: compare
# medians taken in one run, never a single figure.
#
# Usage: tools/bench-build.sh [RUNS]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/timeline" ./cmd/timeline
"$tmp/timeline" build -q --out "$tmp/out"   # the first build creates out/
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$tmp/timeline" build -q --out "$tmp/out"
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
done | sort -n | awk '{t[NR]=$1; printf "%d ms\n", $1} END {printf "median %d ms of %d runs\n", t[int((NR+1)/2)], NR}'
gzip -9c "$tmp/out/index.html" | wc -c | awk '{printf "index.html gzipped: %d bytes\n", $1}'
