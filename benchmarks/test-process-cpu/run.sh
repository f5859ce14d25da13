#!/usr/bin/env bash
# One test assembly of a build folder: the CPU of `dotnet test` and everything it waited for (/usr/bin/time), a trx, and
# with HOOK=1 one line a .NET process (TestProcessCpu's startup hook). docs/performance.md, round 53.
#   dotnet build benchmarks/test-process-cpu -c Release -o /tmp/cpuhook
#   HOOK=1 benchmarks/test-process-cpu/run.sh tests/RelationsLedger.Cli.Tests/bin/Release/net10.0 Cli main-cli [filter]
#   benchmarks/test-process-cpu/summarize.py /tmp/runs/main-cli 25
set -uo pipefail
bin=$1; assembly=$2; tag=$3; filter=${4:-}
out=${RUNS:-/tmp/runs}; hook=${CPUHOOK:-/tmp/cpuhook/TestProcessCpu.dll}
mkdir -p "$out"; rm -f "$out/$tag.procs"
args=(test "$bin/RelationsLedger.$assembly.Tests.dll" --logger "trx;LogFileName=$out/$tag.trx")
[ -n "$filter" ] && args+=(--filter "$filter")
echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/$tag.out"
if [ -n "${HOOK:-}" ]; then export CPUHOOK_LOG="$out/$tag.procs" DOTNET_STARTUP_HOOKS="$hook"; fi
/usr/bin/time -f "TIME wall %e user %U sys %S" dotnet "${args[@]}" >> "$out/$tag.out" 2>&1
echo "end $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/$tag.out"
