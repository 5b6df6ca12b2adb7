#!/usr/bin/env bash
# Builds the two ways to install computesim:
#   artifacts/nupkg/                         the .NET tool: a small pointer package and the linux-x64 package;
#                                            install with: dotnet tool install --global --source artifacts/nupkg computesim
#   artifacts/publish/linux-x64/computesim   a self-contained single file: runs where no .NET is installed
# Never trimmed: ILGPU generates code at run time and breaks when trimmed.
# Further arguments go to 'dotnet pack', e.g. the public feed's -p:ComputeSimLicense=... -p:ComputeSimRepositoryUrl=...
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

project=src/ComputeSim.Cli/ComputeSim.Cli.csproj
rid=linux-x64
nupkg=artifacts/nupkg
single=artifacts/publish/$rid

rm -rf "$nupkg" "$single"
dotnet pack "$project" -c Release -o "$nupkg" "$@"
# Native plotting libraries go inside the file too; they unpack under ~/.net on first run
# (set DOTNET_BUNDLE_EXTRACT_BASE_DIR where HOME is read-only). ReadyToRun: compiled ahead of time,
# so a sweep of a second does not spend a third of it in the JIT (0.45 s instead of 0.7 s for the
# 1.07e9-point job of benchmarks/README.md).
dotnet publish "$project" -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishTrimmed=false -p:PublishReadyToRun=true \
  -p:DebugType=embedded -o "$single"

echo
echo "tool package:  $(ls "$nupkg"/*.nupkg | tr '\n' ' ')"
echo "single file:   $single/computesim ($(du -h "$single/computesim" | cut -f1))"
