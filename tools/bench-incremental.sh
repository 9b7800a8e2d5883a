#!/usr/bin/env bash
# Times `timeline build --incremental` rebuilding a synthetic record after a
# change to one event, against a full build of the same record replacing
# the same kind of output. Before each timed incremental run the title of
# one event changes (alternating between two titles), so that every run
# has a change to render and write. It prints the medians of whole runs.
#
# Usage: tools/bench-incremental.sh [-n EVENTS] [-r RUNS] [-d DIR]
#   -n  events (default 10000)
#   -r  timed runs of the incremental build (default 20; 5 of the full one)
#   -d  where to put the events and outputs (default: a new temporary
#       directory, removed at the end)
# It needs hyperfine and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

n=10000 runs=20 dir=""
while getopts "n:r:d:" o; do
  case $o in
    n) n=$OPTARG ;; r) runs=$OPTARG ;; d) dir=$OPTARG ;;
    *) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "bench-incremental: $tool is needed" >&2; exit 2; }
done
if [ -z "$dir" ]; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-incremental.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
bin=$dir/timeline
go build -o "$bin" ./cmd/timeline
[ -d "$dir/events" ] || go run ./internal/synth -n "$n" -o "$dir/events" >/dev/null
cards=$dir/cards
file=$(ls "$dir"/events/*/*.yaml | sed -n "$((n / 2))p")
cat >"$dir/change.sh" <<CHANGE
#!/bin/sh
if grep -q '^title: Changed A, ' '$file'; then sed -i 's/^title: Changed A, /title: Changed B, /' '$file'
elif grep -q '^title: Changed B, ' '$file'; then sed -i 's/^title: Changed B, /title: Changed A, /' '$file'
else sed -i 's/^title: /title: Changed A, /' '$file'; fi
CHANGE
chmod +x "$dir/change.sh"

inc="$bin build -q --incremental --events $dir/events --out $dir/inc --cache-dir $cards"
full="$bin build -q --events $dir/events --out $dir/full --cache-dir $cards"
# The first builds draw the social cards and leave the state.
$inc && $full
hyperfine -N --warmup 2 --runs "$runs" --prepare "$dir/change.sh" --export-json "$dir/inc.json" "$inc" >/dev/null
hyperfine -N --warmup 1 --runs 5 --export-json "$dir/full.json" "$full" >/dev/null
"$dir/change.sh" && $inc && $full
if ! diff -r "$dir/inc" "$dir/full" >/dev/null; then
  echo "bench-incremental: the incremental build differs from the full one" >&2
  exit 1
fi
median() { jq '.results[0].median * 1000 | floor' "$1"; }
echo "events: $n; one event changed, then:"
echo "  build --incremental  $(median "$dir/inc.json") ms (median of $runs)"
echo "  build (full)         $(median "$dir/full.json") ms (median of 5)"
echo "  outputs identical"
