#!/usr/bin/env bash
# kill-test.sh: kill `timeline build` with SIGKILL at random moments and
# check that the output survives every time.
#
#   tools/kill-test.sh [-n EVENTS] [-k KILLS] [-d DIR]
#
# It generates EVENTS synthetic events (default 10000) into DIR (default a
# temporary directory, removed at the end), builds them once, then KILLS
# times (default 20) starts a build of the same events over that output
# and kills it after a random delay within the time a build takes. After
# each kill the output must be the complete site, byte for byte (the same
# events build the same bytes). At the end one more build runs to
# completion, and nothing a killed build wrote may be left beside the
# output.
set -euo pipefail
cd "$(dirname "$0")/.."

n=10000 kills=20 dir=""
while getopts "n:k:d:" o; do
  case $o in
    n) n=$OPTARG ;; k) kills=$OPTARG ;; d) dir=$OPTARG ;;
    *) echo "usage: $0 [-n EVENTS] [-k KILLS] [-d DIR]" >&2; exit 2 ;;
  esac
done
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
bin="$dir/timeline"
go build -o "$bin" ./cmd/timeline
if [ ! -d "$dir/events" ]; then
  go run ./internal/synth -n "$n" -o "$dir/events" >/dev/null
fi
out="$dir/out"

treehash() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

"$bin" build -q --events "$dir/events" --out "$out" 2>/dev/null
# The kills fall within the time of a build that replaces the output (the
# first build also draws every social card, which later builds reuse).
start=$(date +%s.%N)
"$bin" build -q --events "$dir/events" --out "$out" 2>/dev/null
took=$(echo "$(date +%s.%N) - $start" | bc)
want=$(treehash "$out")
echo "events: $n; a build takes ${took}s; site hash $want"

intact=0
for i in $(seq 1 "$kills"); do
  # A delay anywhere in the build, from loading to the swap.
  delay=$(awk -v t="$took" -v r="$RANDOM" 'BEGIN { printf "%.3f", t * r / 32767 }')
  "$bin" build -q --events "$dir/events" --out "$out" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && state=killed || state=finished
  wait "$pid" 2>/dev/null || true
  if [ -f "$out/.timeline-site" ] && [ "$(treehash "$out")" = "$want" ]; then
    intact=$((intact + 1)); verdict=intact
  else
    verdict=BROKEN
  fi
  left=$(find "$dir" -maxdepth 1 -name '.out.*' -printf '%f ')
  printf 'kill %2d after %ss (%s): out/ %s; beside it: %s\n' "$i" "$delay" "$state" "$verdict" "${left:-nothing}"
done

"$bin" build -q --events "$dir/events" --out "$out" 2>/dev/null
new=$(find "$dir" -maxdepth 1 -name '.out.new-*' | wc -l)
old=$(find "$dir" -maxdepth 1 -name '.out.old-*' | wc -l)
echo "out/ intact after $intact of $kills kills"
echo "after the next build: $new unfinished build directories, $old replaced sites beside out/ (the last replaced site is kept for the next build to start from)"
[ "$intact" -eq "$kills" ] && [ "$new" -eq 0 ] && [ "$old" -le 1 ]
