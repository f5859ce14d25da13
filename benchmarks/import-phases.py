#!/usr/bin/env python3
"""One `ledger import FILE --json` into a new store (round 62 of issue #16): user + system CPU and peak RSS (wait4), wall, and
the two phases told apart without a probe in the tool — the check ends with one compacting collection that returns its heap
(ImportEventsHandler.LetGoOfTheCheckAsync, since round 61), so the append phase is taken to start when the resident set, polled
every 50 ms, falls below 45 % of the check's peak (reliable at 1M, where the check holds ~0.7 GB; at 100k the fall is often
missed). Prints one JSON line: cpu, user, sys, wall, maxrss_mib, check_cpu / append_cpu / append_wall, check_peak_mib /
append_peak_mib, the load at the start. STORE (and its read model) is deleted first. VAR=VALUE: the process's environment.
usage: benchmarks/import-phases.py LABEL LEDGER EXPORT STORE [VAR=VALUE ...]
  e.g. benchmarks/import-phases.py branch-1m pub/ledger e1m.ndjson new.db LEDGER_IMPORT_BATCH_SIZE=10000"""
import os, sys, time, json, subprocess, resource
label, ledger, inp, store = sys.argv[1:5]
env = dict(os.environ)
for kv in sys.argv[5:]:
    k, v = kv.split('=', 1); env[k] = v
for suffix in ('', '-wal', '-shm'):
    try: os.remove(store + suffix)
    except FileNotFoundError: pass
rm = store.replace('.db', '.projections.db')
for suffix in ('', '-wal', '-shm'):
    try: os.remove(rm + suffix)
    except FileNotFoundError: pass
load = open('/proc/loadavg').read().split()[0]
tick = os.sysconf('SC_CLK_TCK'); page = os.sysconf('SC_PAGE_SIZE')
t0 = time.time()
p = subprocess.Popen([ledger, '--store', store, 'import', inp, '--json'], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
peak = 0; drop_cpu = None; drop_wall = None; check_peak = 0; append_peak = 0
import threading
def drain(f, acc): acc.append(f.read())
o, e = [], []
threading.Thread(target=drain, args=(p.stdout, o), daemon=True).start()
threading.Thread(target=drain, args=(p.stderr, e), daemon=True).start()
while True:
    r = os.waitpid(p.pid, os.WNOHANG)
    if r[0] != 0: status = r[1]; break
    try:
        st = open(f'/proc/{p.pid}/stat').read().rsplit(')', 1)[1].split()
        cpu = (int(st[11]) + int(st[12])) / tick
        rss = int(st[21]) * page // 1024
    except Exception:
        time.sleep(0.05); continue
    peak = max(peak, rss)
    if drop_cpu is None:
        check_peak = max(check_peak, rss)
        if check_peak > 150_000 and rss < 0.45 * check_peak:
            drop_cpu, drop_wall = cpu, time.time() - t0
    else:
        append_peak = max(append_peak, rss)
    time.sleep(0.05)
wall = time.time() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
# RUSAGE_CHILDREN: the one child this script reaps (one import a run)
user, sysc = ru.ru_utime, ru.ru_stime
res = dict(label=label, load=float(load), user=round(user, 2), sys=round(sysc, 2), cpu=round(user + sysc, 2), wall=round(wall, 1),
           maxrss_mib=round(ru.ru_maxrss / 1024), check_peak_mib=round(check_peak / 1024), append_peak_mib=round(append_peak / 1024),
           check_cpu=None if drop_cpu is None else round(drop_cpu, 2), append_cpu=None if drop_cpu is None else round(user + sysc - drop_cpu, 2),
           append_wall=None if drop_wall is None else round(wall - drop_wall, 1), exit=os.waitstatus_to_exitcode(status),
           out=(b''.join(o)).decode()[-300:].strip(), err=(b''.join(e)).decode()[-300:].strip(), env=sys.argv[5:])
print(json.dumps(res)); sys.stdout.flush()
