#!/usr/bin/env bash
# The answers across relationships of two builds, compared: each build's benchmarks (`macro across --output`) asks the same
# questions (a party's missions of any level and of at least an embassy, designations by and of it; seeded days, as known now
# and at three moments) of its own copy of one ledger and its read model, and writes every answer as the API's JSON, one line
# each. Prints the count of answers and `identical`, or the first differences and exits 1.
#   benchmarks/across-answers.sh BEFORE/RelationsLedger.Benchmarks.dll AFTER/RelationsLedger.Benchmarks.dll L.db [--party US --queries 500 …]
# The options after the store go to `macro across` (docs/performance.md, round 51).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 BEFORE.dll AFTER.dll STORE.db [macro across options…]" >&2
  exit 2
fi
before=$1 after=$2 store=$3
shift 3
for f in "$before" "$after" "$store"; do
  [ -f "$f" ] || { echo "$0: '$f' is not a file" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/across-answers.XXXXXX")
trap 'rm -rf "$work"' EXIT
readmodel=${store%.db}.projections.db
for side in before after; do
  dll=$before
  [ "$side" = after ] && dll=$after
  # Each build on its own copy: neither reads a file the other wrote (a read model made or caught up by the first).
  for suffix in "" -wal -shm; do
    [ -f "$store$suffix" ] && cp "$store$suffix" "$work/$side.db$suffix"
    [ -f "$readmodel$suffix" ] && cp "$readmodel$suffix" "$work/$side.projections.db$suffix"
  done
  echo "== $side: $dll" >&2
  dotnet "$dll" macro across --store "$work/$side.db" --output "$work/$side.ndjson" "$@" >&2
done
answers=$(wc -l < "$work/before.ndjson")
if cmp -s "$work/before.ndjson" "$work/after.ndjson"; then
  echo "$answers answers, identical"
else
  echo "$answers answers before, $(wc -l < "$work/after.ndjson") after: they differ" >&2
  # head ends the pipe early; diff's SIGPIPE is not this script's failure.
  diff "$work/before.ndjson" "$work/after.ndjson" | head -20 >&2 || true
  exit 1
fi
