#!/usr/bin/env bash
# kill-test-incremental.sh: kill `timeline build --incremental` with SIGKILL
# at random moments and check what the README promises of it.
#
#   tools/kill-test-incremental.sh [-n EVENTS] [-k KILLS] [-d DIR]
#
# It generates EVENTS synthetic events (default 2000) into DIR (default a
# temporary directory, removed at the end) and builds them with
# --incremental. Then, KILLS times (default 10), it changes the title of
# one event, builds the changed events into a separate directory as the
# reference, starts an incremental build over the output and kills it
# after a random delay within the time such a build takes. After each kill
# every file in the output must be complete: byte for byte the file of the
# site before the change or of the reference, with no file that is
# neither. Then an incremental build runs to completion and the output
# must be the reference, byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."

n=2000 kills=10 dir=""
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
out="$dir/out" ref="$dir/ref"

# listing DIR: "path sha256" of every file below DIR, sorted.
listing() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | awk '{print $2, $1}'); }

"$bin" build -q --incremental --events "$dir/events" --out "$out" 2>/dev/null
files=("$dir"/events/*/*.yaml)
edit() { sed -i "s/^title: /title: Changed $1, /" "${files[$((RANDOM % ${#files[@]}))]}"; }
edit 0
start=$(date +%s.%N)
"$bin" build -q --incremental --events "$dir/events" --out "$out" 2>/dev/null
took=$(echo "$(date +%s.%N) - $start" | bc)
echo "events: $n; an incremental build of one changed event takes ${took}s"

complete=0 repaired=0
for i in $(seq 1 "$kills"); do
  listing "$out" >"$dir/before.txt"
  edit "$i"
  rm -rf "$ref"
  "$bin" build -q --events "$dir/events" --out "$ref" 2>/dev/null
  listing "$ref" >"$dir/ref.txt"
  delay=$(awk -v t="$took" -v r="$RANDOM" 'BEGIN { printf "%.3f", t * r / 32767 }')
  "$bin" build -q --incremental --events "$dir/events" --out "$out" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && state=killed || state=finished
  wait "$pid" 2>/dev/null || true
  # Every file is one of the site before or one of the reference.
  bad=$(listing "$out" | LC_ALL=C sort | LC_ALL=C comm -23 - <(LC_ALL=C sort -u "$dir/before.txt" "$dir/ref.txt") | wc -l)
  [ "$bad" -eq 0 ] && complete=$((complete + 1))
  kept=$([ -f "$dir/.out.incremental" ] && echo "a state" || echo "no state")
  "$bin" build -q --incremental --events "$dir/events" --out "$out" 2>/dev/null
  if [ "$(listing "$out" | sha256sum)" = "$(sha256sum <"$dir/ref.txt")" ]; then
    repaired=$((repaired + 1)); verdict=repaired
  else
    verdict=BROKEN
  fi
  printf 'kill %2d after %ss (%s, %s left): %d files neither old nor new; next build: %s\n' "$i" "$delay" "$state" "$kept" "$bad" "$verdict"
done
left=$(find "$dir" -maxdepth 1 -name '.out.new-*' | wc -l)
echo "every file complete after $complete of $kills kills; the next build repaired the site $repaired times; $left unfinished build directories beside out/"
[ "$complete" -eq "$kills" ] && [ "$repaired" -eq "$kills" ] && [ "$left" -eq 0 ]
