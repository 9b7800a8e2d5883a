#!/usr/bin/env bash
# Times whole runs of `timeline build` on synthetic records of 1,000 and
# 10,000 events (and 100,000 with --100k) against Hugo building an index and
# one page per event from the same events, and against tar writing the same
# output tree (the floor set by the output's shape). The runs are paired:
# each round times every command once, back to back, with hyperfine, so a
# change in the machine's load hits all of them alike; a ratio is the median
# of the rounds' ratios. On a shared machine single figures are noisy,
# ratios much less so.
#
# Per size it prints the medians over the rounds of:
#   fresh     timeline build --events E --out O, O (and the replaced site
#             kept beside it) removed before each run
#   replace   the same build replacing an existing O, starting from the site
#             the previous run replaced
#   hugo      hugo --quiet -s H -d O, O removed before each run
#   tar       extracting a tar of the built out/ into an empty directory
#   validate  timeline validate --events E
# then the ratios, the cost of a fresh build per event (ms), the peak
# memory (maximum resident set size, one run each under /usr/bin/time -v)
# of a timeline build and a Hugo build, and the gzipped size of
# out/index.html.
#
# Usage: tools/bench-scale.sh [--100k] [--sizes "1000 10000"] [--runs N]
#                             [--seed N] [--work DIR] [--keep]
#                             [--cache-dir DIR]
#   --100k      add 100,000 events to the sizes, wherever it is given (slow:
#               two rounds, no warm-up round)
#   --sizes     the sizes to measure instead of 1,000 and 10,000
#   --runs      timed rounds (default 5, after one warm-up round)
#   --work DIR  where to put the events, sites and results (default: a new
#               temporary directory, removed at the end unless --keep)
#   --cache-dir DIR
#               the builds' --cache-dir (default: theirs): with a directory
#               kept from an earlier run, no build draws social cards
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000"
runs=5
seed=1
work=""
keep=0
big=0
cache=()
while [ $# -gt 0 ]; do
  case $1 in
    --100k) big=1 ;;
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --seed) seed=$2; shift ;;
    --work) work=$2; shift ;;
    --keep) keep=1 ;;
    --cache-dir) cache=(--cache-dir "$(mkdir -p "$2" && cd "$2" && pwd)"); shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-scale: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$big" -eq 0 ] || sizes="$sizes 100000"
for tool in hyperfine hugo jq gzip tar /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-scale: $tool is needed" >&2; exit 2; }
done
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/bench-scale.XXXXXX")
  [ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
else
  mkdir -p "$work"
fi
work=$(cd "$work" && pwd)
bin=$work/bin
export HUGO_CACHEDIR=$work/hugo-cache

echo "# $(git describe --always --dirty) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(hugo version | cut -d' ' -f1-2)" >&2
go build -o "$bin/timeline" ./cmd/timeline
go build -o "$bin/synth" ./internal/synth

# peak prints the maximum resident set size of a command in MiB.
peak() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ {printf "%.0f", $NF/1024}'
}

# median prints the median over the rounds' JSON files of a command's wall
# time in seconds, or with a second command of the ratio of the two.
median() {
  local dir=$1 a=$2 b=${3:-}
  jq -s --arg a "$a" --arg b "$b" '
    [.[] | (.results | map({(.command): .times[0]}) | add) | if $b == "" then .[$a] else .[$a] / .[$b] end]
    | sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end' \
    "$dir"/round-*.json
}

cacheflag=""
[ ${#cache[@]} -eq 0 ] || cacheflag="--cache-dir '${cache[1]}'"

rows=()
for n in $sizes; do
  d=$work/$n
  rm -rf "$d"
  mkdir -p "$d"
  echo "# $n events: generating" >&2
  "$bin/synth" -n "$n" -seed "$seed" -o "$d/events" -hugo "$d/hugo"

  # One build and one Hugo build of each, under /usr/bin/time for their
  # peak memory; the build's output is the tree tar writes, and the
  # existing out/ that the replacing builds replace.
  echo "# $n events: reference builds" >&2
  rss_timeline=$(peak "$bin/timeline" build -q ${cache[@]+"${cache[@]}"} --events "$d/events" --out "$d/out-ref")
  rss_hugo=$(peak hugo --quiet -s "$d/hugo" -d "$d/hugo-ref")
  [ -f "$d/out-ref/index.html" ] && [ -f "$d/hugo-ref/index.html" ] || { echo "bench-scale: a reference build wrote no index.html" >&2; exit 1; }
  tar cf "$d/out.tar" -C "$d/out-ref" .
  files=$(find "$d/out-ref" -type f | wc -l)
  dirs=$(find "$d/out-ref" -type d | wc -l)
  index_gz=$(gzip -9 -c "$d/out-ref/index.html" | wc -c)
  index_raw=$(wc -c <"$d/out-ref/index.html")
  # The reference build becomes the site the replacing builds replace; only
  # one other output exists at a time (each command's preparation removes
  # the others'), so that 100,000 events fit in tmpfs.
  rm -rf "$d/hugo-ref"
  mv "$d/out-ref" "$d/out-replace"
  transient="'$d/out-fresh' '$d'/.out-fresh.* '$d/hugo-out' '$d/tar-out'"

  warmup=1 r=$runs
  if [ "$n" -ge 100000 ]; then warmup=0 r=2; fi
  echo "# $n events: timing ($warmup warm-up and $r timed rounds)" >&2
  for round in $(seq $((1 - warmup)) "$r"); do
    json=$d/round-$round.json
    [ "$round" -gt 0 ] || json=$d/warmup.json
    hyperfine --style basic --runs 1 --export-json "$json" \
      --command-name fresh --prepare "rm -rf $transient" \
      "'$bin/timeline' build -q $cacheflag --events '$d/events' --out '$d/out-fresh'" \
      --command-name replace --prepare "rm -rf $transient" \
      "'$bin/timeline' build -q $cacheflag --events '$d/events' --out '$d/out-replace'" \
      --command-name hugo --prepare "rm -rf $transient" \
      "hugo --quiet -s '$d/hugo' -d '$d/hugo-out'" \
      --command-name tar --prepare "rm -rf $transient && mkdir '$d/tar-out'" \
      "tar xf '$d/out.tar' -C '$d/tar-out'" \
      --command-name validate --prepare ":" \
      "'$bin/timeline' validate --events '$d/events'" >/dev/null
    echo "#   round $round: $(jq -r '[.results[] | "\(.command) \(.times[0] * 100 | round / 100) s"] | join(", ")' "$json")" >&2
  done

  fresh=$(median "$d" fresh) replace=$(median "$d" replace) hugo=$(median "$d" hugo)
  tarx=$(median "$d" tar) validate=$(median "$d" validate)
  f_h=$(median "$d" fresh hugo) f_t=$(median "$d" fresh tar) r_f=$(median "$d" replace fresh)
  rows+=("$(awk -v n="$n" -v f="$fresh" -v r="$replace" -v h="$hugo" -v t="$tarx" -v v="$validate" \
    -v fh="$f_h" -v ft="$f_t" -v rf="$r_f" \
    -v rt="$rss_timeline" -v rh="$rss_hugo" -v gz="$index_gz" -v raw="$index_raw" -v files="$files" -v dirs="$dirs" \
    'BEGIN {printf "| %d | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f | %.2f | %.2f | %.3f | %d / %d MiB | %.0f KB (%.1f MB raw) | %d / %d |",
      n, f, r, h, t, v, fh, ft, rf, f * 1000 / n, rt, rh, gz/1000, raw/1e6, files, dirs}')")
  # Keep the events and tar for a rerun by hand, not four copies of the site.
  rm -rf "$d/out-fresh" "$d/out-replace" "$d"/.out-fresh.* "$d"/.out-replace.* "$d/hugo-out" "$d/tar-out"
done

echo
echo "Medians of whole runs over the paired rounds of each size ($runs, or 2 at 100,000 events and more; ratios: median of the rounds' ratios); peak memory of one run each. Load at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| events | timeline fresh | timeline replacing | Hugo | tar x | validate | fresh/Hugo | fresh/tar | replacing/fresh | fresh ms/event | peak memory timeline / Hugo | index.html gzipped | out/ files / dirs |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
if [ "$keep" = 1 ]; then echo; echo "Kept in $work"; fi
