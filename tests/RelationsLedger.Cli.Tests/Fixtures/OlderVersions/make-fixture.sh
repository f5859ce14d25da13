# usage: scenario.sh N   (runs old build N into /tmp/h100/old-N)
set -u
N=$1; B=/work/wt-100-old-$N/src/RelationsLedger.Cli/bin/Release/net10.0/ledger
D=/tmp/h100/old-$N; rm -rf $D; mkdir -p $D; cd $D
export RELATIONSLEDGER_STORE=$D/old.db
run() { echo "\$ ledger $*" >> $D/log.txt; "$B" "$@" >> $D/log.txt 2>&1; echo "exit $?" >> $D/log.txt; }
cd /work/wt-100-old-$N   # demo may read samples relative to cwd
run demo
cd $D
run record impose-designation --actor US --counterpart CU --list "State Sponsors of Terrorism" --authority "US Department of State" --on 1982-03-01 --source "publisher=US Department of State;title=State Sponsors of Terrorism;published=1982"
T=$("$B" history US CU --json | python3 -c 'import json,sys; d=json.load(sys.stdin); ev=d["events"] if isinstance(d,dict) else d; print(ev[0]["eventId"])')
echo "target $T" >> $D/log.txt
run record correct-entry --party-a US --party-b CU --target "$T" --reason "The authority is the Secretary of State" --set "authority=US Secretary of State" --source "publisher=US Department of State;title=Country Reports on Terrorism;published=2020"
run record make-statement --actor US --counterpart CU --speaker "A spokesperson" --stance hostile --summary "A statement recorded by mistake" --on 2020-05 --source "publisher=Reuters;title=A report;published=2020-05"
S=$("$B" history US CU --json | python3 -c 'import json,sys; d=json.load(sys.stdin); ev=d["events"] if isinstance(d,dict) else d; print([e for e in ev if e["type"]=="StatementMade"][0]["eventId"])')
run record retract-entry --party-a US --party-b CU --target "$S" --reason "Recorded by mistake: no such statement" --source "publisher=Reuters;title=Correction;published=2020-06"
run record-batch /tmp/h100/batch.ndjson
run import-us-missions --file /tmp/h100/transitions-subset.csv
run export -o $D/old.ndjson
"$B" digest > digest.txt 2>&1; echo "exit $?" >> digest.txt
"$B" digest --json > digest.json 2>&1
run verify
"$B" state RU taliban --as-of 2024-12-31 --json > state-RU-taliban.json 2>&1
"$B" state RU taliban --as-of 2025-05-10 --known-at 2025-04-01T00:00:00Z --json > state-RU-taliban-known.json 2>&1
"$B" state US CU --as-of 2024-12-31 --json > state-US-CU.json 2>&1
"$B" state US KP --as-of 2024-12-31 --json > state-US-KP.json 2>&1
"$B" history US CU --json > history-US-CU.json 2>&1
"$B" audit US CU --json > audit-US-CU.json 2>&1
"$B" missions-of US --at-least embassy --as-of 1950-01-01 --json > missions-1950.json 2>&1
# the full real data set in a second store
export RELATIONSLEDGER_STORE=$D/full.db
run import-us-missions --file /work/shared/data/us-missions/transitions.csv
"$B" digest > full-digest.txt 2>&1
"$B" export -o $D/full.ndjson >> $D/log.txt 2>&1
"$B" missions-of US --at-least embassy --as-of 1950-01-01 --json > full-missions-1950.json 2>&1
echo done >> $D/log.txt
