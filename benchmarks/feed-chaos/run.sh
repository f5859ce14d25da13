#!/bin/bash
# Round 66 of issue #16: hostile consumers of the feed under writers, CLI batches and an import, with `serve` killed (-9) under
# them and, on KurrentDB, the node stopped and started; then each consumer's events are compared with the store's export.
#   RUN=/tmp/chaos PORT=22070 benchmarks/feed-chaos/run.sh
# Environment: RUN (a new folder: its files are removed), PORT, STORE (default RUN/ledger.db; or a KurrentDB connection string),
# IMPORT (an export to import beside the writers), WRITERS (12), KILLS (kill -9 of serve, 2), NODE (a KurrentDB node's port,
# stopped and started once with /work/esdb/single.sh, on disk), FILTERED=1 (consumers of a type, a stream, one relationship's
# endpoint and pages beside one of every event; else two streams and one of pages, every event).
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
: "${RUN:?a folder for the run}" "${PORT:?a port}"
STORE=${STORE:-$RUN/ledger.db}; KEY=rl_feed-chaos-recorder
L=(dotnet "$ROOT/src/RelationsLedger.Cli/bin/Release/net10.0/ledger.dll")
rm -rf "$RUN"; mkdir -p "$RUN"; cd "$RUN"
export Api__Keys__0__Name=chaos Api__Keys__0__Hash=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) Api__Keys__0__Role=recorder
export Api__MaxStreamsPerKey=100 Api__HeartbeatSeconds=1
serve() {
  "${L[@]}" --store "$STORE" serve --urls "http://127.0.0.1:$PORT" >> serve.log 2>&1 & SERVE=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/live" && break; sleep 0.5; done
}
consume() { "$HERE/supervise.sh" "$RUN" "$PORT" "$KEY" "$RUN/$1" "${@:2}" > /dev/null 2>&1 & }
serve
if [ "${FILTERED:-}" = 1 ]; then
  SPECS="s-type:type=RelationsEstablished,StatementMade s-rel:stream=relationship-RU~http-chaos-1 p-type:type=RelationsEstablished,EngagementHeld p-stream:stream=relationship-US~http-chaos-2 p-all:all"
  consume s-type sse 11 "type=RelationsEstablished,StatementMade"
  consume s-rel sse 12 "" /relationships/RU/http-chaos-1/events/stream
  consume p-type pages 13 "type=RelationsEstablished,EngagementHeld"
  consume p-stream pages 14 "stream=relationship-US~http-chaos-2"
  consume p-all pages 15
else
  SPECS="s1:all s2:all p:all"
  consume s1 sse 1000; consume s2 sse 2000; consume p pages 3000
fi
python3 "$HERE/writers.py" "$RUN" "$PORT" "$KEY" "${WRITERS:-12}" promised > writers.out & WRITING=$!
( for i in 1 2 3 4; do
    python3 - "$i" > batch$i.ndjson <<'PY'
import json, uuid, sys
for i in range(100):
    print(json.dumps({"command": "make-statement", "actor": ["RU", "US", "FR", "DE", "GB"][i % 5], "counterpart": "cli-chaos", "speaker": "S",
      "stance": "ally", "summary": f"cli {sys.argv[1]} {i}", "effectiveDate": "2024-07", "recordedBy": "chaos-cli",
      "sources": [{"publisher": "BBC", "title": "t"}], "commandId": str(uuid.uuid4())}))
PY
    "${L[@]}" --store "$STORE" record-batch batch$i.ndjson > batch$i.out 2>&1; echo "batch $i exit $?" >> batches.log; sleep 2
  done ) & BATCHES=$!
sleep 5
IMPORTING=
[ -n "${IMPORT:-}" ] && { ( "${L[@]}" --store "$STORE" import "$IMPORT" > import.out 2>&1; echo "exit $?" >> import.out ) & IMPORTING=$!; }
for _ in $(seq 1 "${KILLS:-2}"); do
  sleep 12; kill -9 $SERVE; echo "$(date +%T) serve killed (-9)" | tee -a serve.log; sleep 1; serve
done
if [ -n "${NODE:-}" ]; then
  echo "$(date +%T) node stopped" | tee -a serve.log; /work/esdb/single.sh stop "$NODE"; sleep 5
  ESDB_ON_DISK=1 /work/esdb/single.sh "$NODE" > /dev/null; echo "$(date +%T) node started" | tee -a serve.log; sleep 15
fi
[ -n "$IMPORTING" ] && wait $IMPORTING && echo "import: $(tail -2 import.out | tr '\n' ' ')"
touch STOP; wait $WRITING $BATCHES; echo "writers: $(cat writers.out); CLI batches: $(cut -d' ' -f3- batches.log | sort | uniq -c | tr -s ' \n' ' ')"
"${L[@]}" --store "$STORE" export -o export.ndjson
# The consumers catch up: until no file of theirs has grown for 10 s.
OUTS=$(for s in $SPECS; do echo "${s%%:*}"; done)
last=; while :; do now=$(cat $OUTS | wc -c); [ "$now" = "$last" ] && break; last=$now; sleep 10; done
touch FINISH; for f in *.pid; do kill "$(cat "$f")" 2>/dev/null; done; kill $SERVE
echo "consumers ended $(cat *.deaths | wc -l) times"
python3 "$HERE/check.py" export.ndjson $(for s in $SPECS; do echo "$RUN/${s%%:*}:${s#*:}"; done) --promised promised
