#!/bin/bash
# The content of a relationships read model, one line per table: its rows, and the md5 of its rows sorted — without row ids
# (a relationship is named by its key, a fact's type by its name) and without the checkpoint's wall-clock time, so that two
# read models of one log made by two builds, or from a store before and after `ledger store upgrade`, compare line for line:
#   benchmarks/read-model-dump.sh A.projections.db > a.txt; benchmarks/read-model-dump.sh B.projections.db | diff a.txt -
set -euo pipefail
F=${1:?usage: read-model-dump.sh READ_MODEL.db}
for q in \
  "SELECT r.key||'|'||kind||'|'||ordinal||'|'||ifnull(actor,'')||'|'||ifnull(counterpart,'')||'|'||ifnull(level,'')||'|'||valid_from||'|'||valid_to||'|'||recorded_from||'|'||superseded_at||'|'||hex(payload) AS x FROM item_versions i JOIN relationships r ON r.id = i.rel_id ORDER BY x" \
  "SELECT r.key||'|'||hex(event_id)||'|'||revision||'|'||t.name||'|'||start_day||'|'||end_day||'|'||recorded_at||'|'||recorded_from||'|'||superseded_at AS x FROM facts f JOIN relationships r ON r.id = f.rel_id JOIN fact_types t ON t.code = f.type ORDER BY x" \
  "SELECT key||'|'||first_party||'|'||second_party||'|'||events||'|'||last_position||'|'||last_recorded_at AS x FROM relationships ORDER BY x" \
  "SELECT * FROM passed_over ORDER BY 1, 2, 3" \
  "SELECT projection, version, commit_position, prepare_position, events_applied, failed_event_id, failure, last_event_id, last_stream, last_revision FROM checkpoints ORDER BY projection" \
  "SELECT ledger_id, deleted_from_log FROM ledger_binding" \
  "SELECT type||' '||name||' '||ifnull(sql, '') FROM sqlite_master ORDER BY name"; do
  rows=$(sqlite3 "$F" "$q" | wc -l)
  echo "$rows $(sqlite3 "$F" "$q" | md5sum | cut -c1-12)  ${q:0:60}"
done
