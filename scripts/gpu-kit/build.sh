#!/usr/bin/env bash
# Builds the GPU run kit into gpu-kit/ at the repository root: one compressed, self-contained single file
# (the GPU machine has the NVIDIA driver and CUDA but no .NET) that is both the benchmarks and, with a first
# argument "cli", computesim itself; a computesim wrapper; and run.sh. Two separate files would pass the
# kit's 60 MB limit, since each would carry the runtime and ILGPU.
# Carry that folder to the GPU machine and run:  gpu-kit/run.sh RESULTS_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
kit=gpu-kit
rm -rf "$kit"
dotnet publish benchmarks/ComputeSim.Benchmarks/ComputeSim.Benchmarks.csproj -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true \
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
ls -la "$kit"
du -sh "$kit"
