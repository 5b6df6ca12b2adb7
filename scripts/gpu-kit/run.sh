#!/usr/bin/env bash
# Runs on the GPU machine, from the kit folder built by scripts/gpu-kit/build.sh:
#   1. lists the devices ILGPU sees;
#   2. checks cuda against the reference formulas on small grids (L0 and L2): --verify recomputes a
#      fixed sample and every kept point and exits 3 on any difference over the tolerance;
#   3. times the L0 job at 1e9, 1e10 and 1e11 points and an L2 sweep on cuda (points per second, from
#      computesim's summary), and runs the BenchmarkDotNet benchmarks with cpu and cuda side by side;
#   4. writes everything to RESULTS_DIR (default ./gpu-results).
# Without a CUDA device (a CPU machine, CI) the device runs are reported "skipped", not failed, and the rest
# still runs, so the kit can be checked end to end anywhere.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cs="$here/computesim"
out=${1:-gpu-results}
mkdir -p "$out"
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-/tmp/computesim-bundle}
# The kit travels packed (build.sh): unpack it once, with xz or, where xz is missing, Python's lzma.
if [ ! -x "$here/computesim-kit" ] && [ -f "$here/computesim-kit.xz" ]; then
  { xz -d -k -c "$here/computesim-kit.xz" 2>/dev/null \
    || python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$here/computesim-kit.xz"; } \
    > "$here/computesim-kit.part" && mv "$here/computesim-kit.part" "$here/computesim-kit" && chmod +x "$here/computesim-kit" \
    || { echo "run.sh: could not unpack computesim-kit.xz" >&2; exit 1; }
fi
status=0
run() { # name, args...
  local name=$1; shift
  echo "== $name: computesim $*" | tee -a "$out/summary.txt"
  "$cs" "$@" > "$out/$name.txt" 2>&1
  local rc=$?
  # The lines that matter: speed, verification, errors, devices.
  grep -E "^backend:|^verify|error|^(cuda|opencl|cpu|ilgpu-cpu|auto) " "$out/$name.txt" | tee -a "$out/summary.txt"
  echo "   exit $rc" | tee -a "$out/summary.txt"
  [ $rc -eq 0 ] || status=1
}
has_cuda=0
cuda() { # name, args...: a run that needs the CUDA device
  if [ $has_cuda -eq 1 ]; then run "$@"; else echo "== $1: skipped (no CUDA device)" | tee -a "$out/summary.txt"; fi
}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$out/nvidia-smi.csv" 2>&1 || true
run devices devices
grep -E "^cuda " "$out/devices.txt" | grep -vq " none " && has_cuda=1
small="--params 1e8..1e13:log:257 --tokens 5x,20x,80x --gpus 1..131072:pow2 --hardware all --price-per-gpu-hour 2 --precision fp16,bf16,fp8 --utilization 0.3,0.45"
cuda verify-l0 sweep $small --backend cuda --verify --verify-tolerance 1e-12 --pareto --max-days 90 --format json
cuda verify-l2 sweep --predict --params 1e9..1e12:log:24 --gpus 8..8192:pow2 --hardware a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm-141gb --backend cuda --verify --verify-tolerance 1e-12 --format json
job="--gpus 8..262144:pow2 --hardware a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm-141gb,mi300x --precision bf16 --max-days 90 --top 1 --quiet"
cuda speed-l0-1e9-cuda sweep --params 1e8..1e13:log:32768 --tokens 1e9..1e14:log:512 $job --backend cuda
run speed-l0-1e9-cpu sweep --params 1e8..1e13:log:32768 --tokens 1e9..1e14:log:512 $job --backend cpu
cuda speed-l0-1e10-cuda sweep --params 1e8..1e13:log:38147 --tokens 1e9..1e14:log:4096 $job --backend cuda
cuda speed-l0-1e11-cuda sweep --params 1e8..1e13:log:381470 --tokens 1e9..1e14:log:4096 $job --backend cuda
cuda speed-l2-cuda sweep --predict --params 1e9..1e12:log:256 --gpus 8..16384:pow2 --hardware a100-sxm4-80gb,h100-sxm5-80gb --quiet --backend cuda
# BenchmarkDotNet in-process (no SDK there), cpu and cuda side by side on the same grids.
if [ $has_cuda -eq 1 ] || [ "${COMPUTESIM_KIT_BENCH:-0}" = 1 ]; then
  backends=cpu; [ $has_cuda -eq 1 ] && backends=cpu,cuda
  echo "== benchmarks ($backends)" | tee -a "$out/summary.txt"
  COMPUTESIM_BENCH_BACKENDS=$backends "$here/computesim-kit" --filter '*' --job short --inProcess --artifacts "$out/bdn" > "$out/benchmarks.txt" 2>&1
  rc=$?
  grep -E "^\| *(TopKAndPareto|EveryPoint|Sweep|CheapestWithin90Days)" "$out/benchmarks.txt" | tee -a "$out/summary.txt"
  echo "   exit $rc" | tee -a "$out/summary.txt"
  [ $rc -eq 0 ] || status=1
else
  # On the CPU alone the benchmarks take most of an hour; COMPUTESIM_KIT_BENCH=1 runs them anyway.
  echo "== benchmarks: skipped (no CUDA device; COMPUTESIM_KIT_BENCH=1 runs the cpu ones)" | tee -a "$out/summary.txt"
fi
echo "results in $out; exit $status"
exit $status
