#!/usr/bin/env bash
# Rewrites data/calibration/held-out/errors.tsv: each public run's relative error predicted from a fit without its source
# (computesim validate --leave-one-source-out). Run it after a change to the model, its constants or the public set; the test
# HeldOutErrorsTests says when the file is stale. Takes about half a minute on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/ComputeSim.Cli -c Release -nologo -v quiet
out=data/calibration/held-out/errors.tsv
tmp=$(mktemp)
dotnet src/ComputeSim.Cli/bin/Release/net10.0/computesim.dll validate --leave-one-source-out --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
print("run_id\theld_out_relative_error")
for r in rows:
    e = r["held_out_relative_error"]
    print(r["run"] + "\t" + ("" if e is None else repr(float(e))))
' > "$tmp"
mv "$tmp" "$out"
echo "wrote $out ($(($(wc -l < "$out") - 1)) runs)"
