#!/usr/bin/env bash
# Reruns every console block and plot image in README.md and docs/*.md with the Release build of computesim
# and writes back what it prints and draws (tools/ComputeSim.Docs; the rules are in scripts/docs/README.md).
#   scripts/docs/regenerate.sh            rewrite the docs
#   scripts/docs/regenerate.sh --check    only report the blocks and images that differ (exit 1 if any)
# Further arguments name the files to do (default: README.md and docs/*.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/ComputeSim.Cli -c Release -nologo -v quiet
dotnet build tools/ComputeSim.Docs -c Release -nologo -v quiet
dotnet tools/ComputeSim.Docs/bin/Release/net10.0/computesim-docs.dll \
  --cli src/ComputeSim.Cli/bin/Release/net10.0/computesim.dll "$@"

# The page of 'computesim serve', light and dark: a browser test writes them (reported skipped without Chromium).
if [[ " $* " != *" --check "* ]]; then
  COMPUTESIM_SCREENSHOTS="$PWD/docs/images" dotnet test tests/ComputeSim.Tests -c Release -nologo -v quiet --filter "FullyQualifiedName~ServeScreenshotTests"
fi
