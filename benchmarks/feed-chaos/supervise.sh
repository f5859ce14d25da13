#!/bin/bash
# Starts consumer.py again each time it ends (killed by itself, or refused) until RUN/FINISH exists (round 66 of issue #16).
# usage: supervise.sh RUN PORT KEY OUT sse|pages SEED [FILTER] [PATH]
HERE=$(dirname "$0"); RUN=$1; shift
PORT=$1 KEY=$2 OUT=$3 MODE=$4 SEED=$5
while [ ! -e "$RUN/FINISH" ]; do
  python3 "$HERE/consumer.py" "$PORT" "$KEY" "$OUT" "$MODE" "$SEED" "${6:-}" "${7:-/events/stream}" & p=$!
  echo $p > "$OUT.pid"
  wait $p; rc=$?; echo "$(date +%T) exit $rc" >> "$OUT.deaths"
  [ $rc = 3 ] && sleep 2
  SEED=$((SEED + 1))
done
