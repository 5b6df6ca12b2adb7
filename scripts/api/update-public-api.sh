#!/usr/bin/env bash
# Brings src/ComputeSim.Api/PublicAPI.Unshipped.txt up to date with the code after a deliberate change of the
# library's public surface: builds, and adds what RS0016 reports as undeclared and removes what RS0017 reports as
# gone. Review the diff: every line is a promise to the library's users.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=src/ComputeSim.Api/PublicAPI.Unshipped.txt
log=$(mktemp)
dotnet build src/ComputeSim.Api -c Release --no-incremental > "$log" 2>&1 || true
python3 - "$file" "$log" <<'PY'
import re, sys
path, log = sys.argv[1], open(sys.argv[2]).read()
lines = open(path).read().splitlines()
add = set(re.findall(r"error RS0016: Symbol '(.+?)' is not part of the declared public API", log))
gone = set(re.findall(r"error RS0017: Symbol '(.+?)' is part of the declared API", log))
header, body = lines[0], [l for l in lines[1:] if l and l not in gone]
body = sorted(set(body) | add, key=str.lower)
open(path, "w").write("\n".join([header] + body) + "\n")
print(f"public API: {len(add)} added, {len(gone)} removed")
PY
rm -f "$log"
