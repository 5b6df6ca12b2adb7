#!/usr/bin/env bash
# Builds the GPU run kit: a compressed self-contained single-file computesim (the GPU machine has the
# NVIDIA driver and CUDA but no .NET) plus run.sh, into gpu-kit/ at the repository root.
# Carry that folder to the GPU machine and run:  gpu-kit/run.sh RESULTS_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
kit=gpu-kit
rm -rf "$kit"
dotnet publish src/ComputeSim.Cli/ComputeSim.Cli.csproj -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true \
  -p:PublishTrimmed=false -p:DebugType=none -o "$kit"
cp scripts/gpu-kit/run.sh "$kit/run.sh"
chmod +x "$kit/run.sh" "$kit/computesim"
du -sh "$kit"
