#!/bin/bash
# Commands recorded one at a time past the live read model's cache (docs/performance.md, "Issue #16, round 48").
#
#   benchmarks/past-the-read-model-cache.sh LEDGER_DIR BASE_DIR LABEL [CAP_MB] [FROM] [TO] [PORT]
#
# LEDGER_DIR: a built tool (src/RelationsLedger.Cli/bin/Release/net10.0). BASE_DIR: a store s.db with its read model
# s.projections.db, made once with benchmarks/past-the-cache.py --events FROM --batch 1000 through a `ledger serve` with the
# default caps, and key.env (KEY=… HASH=… of `ledger api-key new --role recorder`). Each run serves a fresh copy with
# Api:ReadModelCacheMegabytes=CAP_MB (default 12: ~84 % of 14,000 statements' relationships), records FROM → TO single
# commands (each its own read-model batch) and prints the server's user+sys CPU a command (/proc/PID/stat, from its first
# request to 3 s after the last), the wall time, its VmHWM and the load. Loopback only.
set -euo pipefail
LEDGER=$1; BASE=$2; LABEL=$3; CAP=${4:-12}; FROM=${5:-14000}; TO=${6:-15000}; PORT=${7:-21500}
HERE=$(cd "$(dirname "$0")" && pwd)
RUN="$BASE/run-$LABEL"; rm -rf "$RUN"; mkdir -p "$RUN"
cp "$BASE/s.db" "$BASE/s.projections.db" "$RUN/"
# shellcheck disable=SC1091
source "$BASE/key.env"
export Api__Keys__0__Name=bench Api__Keys__0__Hash=$HASH Api__Keys__0__Role=recorder Api__ReadModelCacheMegabytes=$CAP
"$LEDGER/ledger" --store "$RUN/s.db" serve --urls "http://127.0.0.1:$PORT" > "$RUN/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/live" && break; sleep 1; done
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
C0=$(cpu); LOAD=$(cut -d' ' -f1 /proc/loadavg); T0=$(date +%s.%N)
python3 "$HERE/past-the-cache.py" --url "http://127.0.0.1:$PORT" --key "$KEY" --pid "$PID" --from "$FROM" --events "$TO" --batch 1 > "$RUN/batches.jsonl"
sleep 3 # the live read model's last batch
C1=$(cpu); T1=$(date +%s.%N); HWM=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$PID/status")
kill -TERM "$PID"; wait "$PID" || true
python3 -c "
n = $TO - $FROM; cpu = ($C1 - $C0) / 100
print(f'$LABEL: {n} commands, server CPU {cpu:.1f} s = {cpu / n * 1e6:,.0f} µs a command, wall {$T1 - $T0:.1f} s, VmHWM $HWM MB, load $LOAD')"
