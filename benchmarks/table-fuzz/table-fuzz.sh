#!/bin/bash
# Does every table the CLI draws end (docs/performance.md, round 59)? Runs benchmarks/table-fuzz, resuming after each drawing
# that did not end (the fuzz exits at one: its thread cannot be stopped), and counts them.
#   benchmarks/table-fuzz/table-fuzz.sh cells <seeds>                       random cells, every table, widths 1-200
#   benchmarks/table-fuzz/table-fuzz.sh cli <widths> <out-dir> <ledger args…>   e.g. cli 1-200 out/state --store l.db state RU taliban
#   benchmarks/table-fuzz/table-fuzz.sh check <seeds>                       random cells, every table, widths 1-200: what each drawing
#       left out or cut (round 60: a column of no width, a cell not all there, a character as …, a date or id cut in two);
#       FUZZ_SHOW=faults lists each such drawing, FUZZ_SHOW="<table> <seed> <width>" prints one
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)
dotnet build "$here/TableFuzz.csproj" -c Release -o "$bin" >/dev/null
mode=$1; shift
hangs=0
if [ "$mode" = check ]; then
  dotnet "$bin/TableFuzz.dll" check "$1"
elif [ "$mode" = cells ]; then
  seeds=$1; start=0
  while line=$(dotnet "$bin/TableFuzz.dll" cells "$start" "$seeds" | tail -1); [[ $line == HANG* ]]; do
    echo "$line"; hangs=$((hangs + 1)); start=$(( $(cut -d' ' -f2 <<<"$line") + 1 ))
  done
  echo "$line: $hangs drawing(s) of $((7 * seeds * 200)) did not end"
else
  widths=$1; out=$2; shift 2
  list=$(if [[ $widths == *-* ]]; then seq -s, ${widths%-*} ${widths#*-}; else echo "$widths"; fi)
  while line=$(dotnet "$bin/TableFuzz.dll" cli "$list" "$out" "$@" | tail -1); [[ $line == HANG* ]]; do
    w=$(cut -d' ' -f2 <<<"$line"); echo "did not end at width $w"; hangs=$((hangs + 1))
    list=$(tr ',' '\n' <<<"$list" | awk -v w="$w" 'f; $1 == w {f = 1}' | paste -sd,)
    [ -n "$list" ] || { line=DONE; break; }
  done
  echo "$line: $hangs width(s) did not end"
fi
rm -rf "$bin"
