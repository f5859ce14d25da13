#!/usr/bin/env bash
# Runs every macro figure of docs/performance.md on a generated 1M-event ledger and prints them.
# Usage: benchmarks/run-macro.sh [WORKDIR]   (default /tmp/relationsledger-bench; needs ~3 GB free)
# Each line below is also the reproduction command of one figure.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/relationsledger-bench}; mkdir -p "$work"
dotnet build -c Release benchmarks/RelationsLedger.Benchmarks -v q -nologo >/dev/null
bench() { dotnet benchmarks/RelationsLedger.Benchmarks/bin/Release/net10.0/RelationsLedger.Benchmarks.dll macro "$@"; }
db="$work/ledger-1m.db"

bench generate --store "$db"                                      # bulk append of 1M events (fast path), the ledger's shape
bench commands --store "$db" --commands 3000 --warmup 300          # commands/s, cold history cache, durability FULL
bench commands --store "$db" --commands 3000 --warmup 300 --durability normal # the same with the explicit NORMAL option
bench commands --store "$db" --commands 20000 --prewarm --cache-mb 8192                      # warm cache, FULL
bench commands --store "$db" --commands 20000 --prewarm --cache-mb 8192 --durability normal  # warm cache, NORMAL
bench catchup --store "$db"                                       # catch-up subscription over 1M events
bench asof --store "$db" --queries 200                            # as-of by replay (reference handler)
if [ -f benchmarks/RelationsLedger.Benchmarks/bin/Release/net10.0/RelationsLedger.Projections.dll ]; then
  /usr/bin/time -v dotnet benchmarks/RelationsLedger.Benchmarks/bin/Release/net10.0/RelationsLedger.Benchmarks.dll macro rebuild --store "$db" 2>&1 | grep -E "rebuild|profile|Maximum resident|read-model"
  bench queries --store "$db" --queries 500                       # as-of (read model) and cross-relationship latencies
fi
bench appendread --events 20000                                   # the same append/read harness on every store available
RUNS=20 benchmarks/coldstart.sh "$db" RU US                        # cold start of `ledger state`
