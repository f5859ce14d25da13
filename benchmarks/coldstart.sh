#!/usr/bin/env bash
# Cold start of `ledger state`: a fresh process per run, on a generated ledger.
# Usage: benchmarks/coldstart.sh LEDGER.db [PARTY-A PARTY-B]   (default: the longest relationship, RU US)
# Needs hyperfine (Debian: apt-get install hyperfine). Builds the CLI in Release first.
set -euo pipefail
cd "$(dirname "$0")/.."
db=$(realpath "$1"); a=${2:-RU}; b=${3:-US}
dotnet build -c Release src/RelationsLedger.Cli -v q -nologo >/dev/null
ledger="$PWD/src/RelationsLedger.Cli/bin/Release/net10.0/ledger"
echo "load: $(cat /proc/loadavg)"
hyperfine --warmup 3 --runs "${RUNS:-20}" --export-markdown /dev/stdout \
  "$ledger --store $db state $a $b --as-of 2024-12-31 --json" \
  "$ledger --store $db state AF taliban --as-of 2024-12-31 --json" \
  "$ledger --help"
