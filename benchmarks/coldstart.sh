#!/usr/bin/env bash
# Cold start of `ledger state`: a fresh process per run, on a generated ledger.
# Usage: benchmarks/coldstart.sh LEDGER.db [PARTY-A PARTY-B]   (default: the longest relationship, RU US)
# Needs hyperfine (Debian: apt-get install hyperfine). Measures the tool as users install it: packed (on linux-x64
# self-contained, one composite ReadyToRun image; about 3 minutes) and installed into a temporary tool path.
set -euo pipefail
cd "$(dirname "$0")/.."
db=$(realpath "$1"); a=${2:-RU}; b=${3:-US}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dotnet pack -c Release src/RelationsLedger.Cli -o "$tmp/packages" -v q -nologo >/dev/null
dotnet tool install --tool-path "$tmp/tool" --add-source "$tmp/packages" RelationsLedger.Cli >/dev/null
ledger="$tmp/tool/ledger"
echo "load: $(cat /proc/loadavg)"
hyperfine --warmup 3 --runs "${RUNS:-20}" --export-markdown /dev/stdout \
  "$ledger --store $db state $a $b --as-of 2024-12-31 --json" \
  "$ledger --store $db state AF taliban --as-of 2024-12-31 --json" \
  "$ledger --help"
