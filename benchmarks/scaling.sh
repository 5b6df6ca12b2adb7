#!/usr/bin/env bash
# Whole-process timings of the L0 job of the speed issue (4 accelerators × params × tokens × 16 cluster
# sizes, bf16, cheapest within 90 days, top 1) at 10^6, 10^8, 10^9 and 10^10 points, with peak memory.
# Usage: benchmarks/scaling.sh [BACKEND] [REPEATS]   (default: cpu 5). Prints one Markdown row per size:
# points, median wall seconds, points per second, peak resident memory. Times the published single file
# (scripts/publish.sh: ReadyToRun, as users run it) or the binary named by COMPUTESIM.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-cpu}
repeats=${2:-5}
cs=${COMPUTESIM:-artifacts/publish/linux-x64/computesim}
[ -x "$cs" ] || scripts/publish.sh >/dev/null
common="--gpus 8..262144:pow2 --hardware a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm-141gb,mi300x --precision bf16 --max-days 90 --top 1 --quiet --backend $backend"
echo "| points | wall s (median of $repeats) | points/s | peak RSS MiB |"
echo "|---:|---:|---:|---:|"
for size in "32:512" "3072:512" "32768:512" "38147:4096"; do
  params=${size%%:*}
  tokens=${size##*:}
  times=()
  rss=0
  for _ in $(seq "$repeats"); do
    out=$( { /usr/bin/time -f "TIME %e %M" "$cs" sweep --params "1e8..1e13:log:$params" --tokens "1e9..1e14:log:$tokens" $common >/dev/null; } 2>&1 )
    times+=("$(echo "$out" | awk '/^TIME/ {print $2}')")
    r=$(echo "$out" | awk '/^TIME/ {print $3}')
    [ "$r" -gt "$rss" ] && rss=$r
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  points=$((4 * params * tokens * 16))
  awk -v p="$points" -v t="$median" -v r="$rss" 'BEGIN { printf "| %.3g | %.2f | %.3g | %.0f |\n", p, t, p / t, r / 1024 }'
done
