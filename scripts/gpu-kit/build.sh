#!/usr/bin/env bash
# Builds the GPU run kit into gpu-kit/ at the repository root: one self-contained single file (the GPU machine
# has the NVIDIA driver and CUDA but no .NET) that is both the benchmarks and, with a first argument "cli",
# computesim itself, packed with xz; a computesim wrapper; and run.sh, which unpacks the file on first use.
# What a GPU machine is sent, the repository included, must stay under 64 MiB: the runtime's own single-file
# compression gives 65 MB, xz over the uncompressed file about 44 MB.
# Carry that folder to the GPU machine and run:  gpu-kit/run.sh RESULTS_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
kit=gpu-kit
rm -rf "$kit"
dotnet publish benchmarks/ComputeSim.Benchmarks/ComputeSim.Benchmarks.csproj -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=false \
  -p:PublishTrimmed=false -p:DebugType=none -o "$kit"
mv "$kit/ComputeSim.Benchmarks" "$kit/computesim-kit"
# Windows-only profiler helpers from BenchmarkDotNet, and the CLI's own runtime config, are not needed.
rm -rf "$kit"/*.pdb "$kit/amd64" "$kit/computesim.runtimeconfig.json"
cat > "$kit/computesim" <<'WRAP'
#!/usr/bin/env bash
exec "$(dirname "$0")/computesim-kit" cli "$@"
WRAP
cp scripts/gpu-kit/run.sh "$kit/run.sh"
chmod +x "$kit/run.sh" "$kit/computesim" "$kit/computesim-kit"
xz -T0 -6 "$kit/computesim-kit"
ls -la "$kit"
kit_bytes=$(du -sb "$kit" | cut -f1)
tree_bytes=$(git ls-files -z | xargs -0 du -cb | tail -n 1 | cut -f1)
limit=$((64 * 1024 * 1024))
echo "gpu-kit: $kit_bytes bytes; with the repository's $tree_bytes bytes, $((kit_bytes + tree_bytes)) of $limit"
if [ $((kit_bytes + tree_bytes)) -gt "$limit" ]; then
  echo "gpu-kit: with the repository it is over the $limit bytes a GPU machine is sent" >&2
  exit 1
fi
