#!/bin/bash
# connection-flood.sh WORKTREE PORT LIMIT FLOODS: a real ledger serve (WORKTREE built in Release) limited by prlimit to LIMIT
# open files, flooded FLOODS times with 1,700 idle connections (connection-flood.py) beside stress-ng --cpu 2.
dir=$1; port=$2; limit=$3; floods=$4; tag=$(basename $dir)
rm -f ${TMPDIR:-/tmp}/$tag-$port.db*
dotnet $dir/src/RelationsLedger.Cli/bin/Release/net10.0/ledger.dll --store ${TMPDIR:-/tmp}/$tag-$port.db serve --urls http://127.0.0.1:$port > ${TMPDIR:-/tmp}/$tag-$port.log 2>&1 &
pid=$!
for i in $(seq 100); do grep -q "Serving the ledger" ${TMPDIR:-/tmp}/$tag-$port.log && break; sleep 0.3; done
prlimit --pid $pid --nofile=$limit:$limit
echo "server $pid fds at start $(ls /proc/$pid/fd | wc -l) $(uptime)"
stress-ng --cpu 2 --timeout 900 >/dev/null 2>&1 &
sp=$!
python3 "$(dirname "$0")"/connection-flood.py $pid $port 1700 $floods
kill $sp; wait $sp 2>/dev/null
if kill -0 $pid 2>/dev/null; then echo "server alive"; kill $pid; wait $pid; else wait $pid; echo "server ended, exit $?"; fi
grep -c -E "rejected because|Refusing connections" ${TMPDIR:-/tmp}/$tag-$port.log; grep -E "crit|Out of memory|fail" ${TMPDIR:-/tmp}/$tag-$port.log | head -5; uptime
