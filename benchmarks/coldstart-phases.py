#!/usr/bin/env python3
"""Phases of a cold run from strace -ttt (seccomp-bpf: only the traced calls stop): ms from execve to the entry assembly's
open (Main is next), to the read model's first open, to the first write of the answer (not a thread's name or the runtime's
wake-up pipe), to exit_group. Wall time, under strace: read it as the run's shape, and compare builds by CPU
(benchmarks/coldstart-alt.py), which the load moves less.
Usage: benchmarks/coldstart-phases.py RUNS LABEL CMD...
  e.g. benchmarks/coldstart-phases.py 9 main T/ledger --store V1.db state AM GM --as-of 2024-12-31 --json"""
import statistics, subprocess, sys, re, os, tempfile
runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
rows = []
for i in range(runs):
    log = tempfile.mktemp()
    subprocess.run(['strace', '-f', '--seccomp-bpf', '-ttt', '-e', 'trace=execve,openat,write,exit_group', '-o', log] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    t0 = main = rm = out = end = None
    for line in open(log):
        m = re.match(r'\d+\s+([\d.]+) (.*)', line)
        if not m: continue
        t, rest = float(m.group(1)), m.group(2)
        if t0 is None and rest.startswith('execve('): t0 = t
        if main is None and re.search(r'openat\(.*/ledger\.dll"', rest): main = t
        if rm is None and 'projections.db"' in rest and 'ENOENT' not in rest: rm = t
        if out is None and re.match(r'write\(\d+, "(?!\.NET|\*")', rest): out = t  # standard output is a dup'd descriptor
        if rest.startswith('exit_group('): end = t
    os.remove(log)
    rows.append([(x - t0) * 1000 for x in (main, rm, out, end)])
cols = list(zip(*rows))
print(f"{label}: to Main {statistics.median(cols[0]):.1f}  to read model {statistics.median(cols[1]):.1f}  "
      f"to first output {statistics.median(cols[2]):.1f}  to exit {statistics.median(cols[3]):.1f} ms (medians of {runs}, wall under strace)")
