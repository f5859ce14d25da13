#!/usr/bin/env bash
# Version 1 against version 4 of the store file on the tool as shipped (docs/performance.md, round 46).
# Usage: benchmarks/store-versions.sh TOOL WORKDIR [PAIRS]
#   TOOL: the published tool (dotnet publish src/RelationsLedger.Cli -c Release -r linux-x64 -o T; TOOL=T/ledger)
#   WORKDIR: holds V1.db (macro generate --events 100000 --store V1.db), V4.db (a copy, TOOL --store V4.db store upgrade)
#            and batch.ndjson (a record-batch file); results go to WORKDIR/results.txt: label, user s, sys s, wall s, load.
set -u
L=$1; M=$2; PAIRS=${3:-3}
cd "$M"
run() { # label, then the command
  local label=$1; shift
  if /usr/bin/time -f "%U %S %e" -o "$M/t.txt" "$@" >/dev/null 2>"$M/err.txt"; then
    echo "$label $(tail -1 "$M/t.txt") load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$M/results.txt"
  else echo "FAIL $label: $(tail -3 "$M/err.txt")" | tee -a "$M/results.txt"; fi
}
one() { # the file's version: every job on it, recording on a fresh copy
  local v=$1 S=$M/V$1.db
  run "export v$v" "$L" --store "$S" export -o "$M/out$v.ndjson"
  run "verify v$v" "$L" --store "$S" verify
  run "digest v$v" "$L" --store "$S" digest
  run "rebuild v$v" "$L" --store "$S" projections rebuild
  cp "$S" "$M/C$v.db"
  run "batch v$v" "$L" --store "$M/C$v.db" record-batch "$M/batch.ndjson"
  rm -f "$M/C$v.db" "$M/C$v.db-wal" "$M/C$v.db-shm" "$M"/C$v.projections.db*
}
for p in $(seq 1 "$PAIRS"); do
  if [ $((p % 2)) = 1 ]; then one 1; one 4; else one 4; one 1; fi
  cmp -s "$M/out1.ndjson" "$M/out4.ndjson" && echo "pair $p: exports identical" | tee -a "$M/results.txt" || echo "pair $p: EXPORTS DIFFER" | tee -a "$M/results.txt"
done
