#!/usr/bin/env bash
# Rewrites the two files the accuracy band reads (data/calibration/held-out/):
#   errors.tsv       each public run's relative error predicted from a fit without its source
#                    (computesim validate --leave-one-source-out);
#   search-gaps.tsv  each public run's predicted speed with its layout searched over its published layout's, minus one
#                    (computesim validate --search-layouts).
# Run it after a change to the model, its constants or the public set; the tests HeldOutErrorsTests and SearchGapsTests say
# when a file is stale. Takes about half a minute on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/ComputeSim.Cli -c Release -nologo -v quiet
cli=src/ComputeSim.Cli/bin/Release/net10.0/computesim.dll

# write FILE FIELD VALIDATE-OPTION: one line per run of the JSON field (the file's column), empty where null; replaced only
# when complete.
write() {
  local out=$1 field=$2 option=$3 tmp
  tmp=$(mktemp)
  dotnet "$cli" validate "$option" --format json | python3 -c '
import json, sys
field = sys.argv[1]
rows = json.load(sys.stdin)
print("run_id\t" + field)
for r in rows:
    v = r[field]
    print(r["run"] + "\t" + ("" if v is None else repr(float(v))))
' "$field" > "$tmp"
  mv "$tmp" "$out"
  echo "wrote $out ($(($(wc -l < "$out") - 1)) runs)"
}
write data/calibration/held-out/errors.tsv held_out_relative_error --leave-one-source-out
write data/calibration/held-out/search-gaps.tsv search_speed_gap --search-layouts
