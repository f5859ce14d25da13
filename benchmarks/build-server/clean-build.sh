#!/usr/bin/env bash
# One clean Release build of a checkout, with the C# compiler server (on) or without it (off, this machine's environment:
# UseSharedCompilation=false): wall, the CPU of `dotnet build` and its children (/usr/bin/time), and the compiler
# server's own CPU, which is not a child /usr/bin/time waits for (its csc exits first). docs/performance.md, round 56.
#   benchmarks/build-server/clean-build.sh /path/to/a/clone off b-off1; benchmarks/build-server/clean-build.sh /path/to/a/clone on b-on1
# The checkout is emptied of everything untracked first (git clean -xfd), so nothing is incremental.
set -uo pipefail
clone=$1; mode=$2; tag=$3; out=${RUNS:-/tmp/runs}
mkdir -p "$out"; cd "$clone" || exit 1
git clean -xfdq
echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/$tag.txt"
if [ "$mode" = on ]; then export UseSharedCompilation=true; fi
/usr/bin/time -f "TIME wall %e user %U sys %S" -a -o "$out/$tag.txt" dotnet build RelationsLedger.sln -c Release > "$out/$tag.log" 2>&1
echo "exit $?" >> "$out/$tag.txt"
for p in $(pgrep -x VBCSCompiler); do
  awk -v t="$(getconf CLK_TCK)" '{printf "server pid %s user %.2f sys %.2f\n", $1, $14/t, $15/t}' "/proc/$p/stat" >> "$out/$tag.txt"
done
dotnet build-server shutdown --vbcscompiler > /dev/null
echo "end $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/$tag.txt"
