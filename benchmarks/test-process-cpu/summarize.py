#!/usr/bin/env python3
# summarize.py RUNS/TAG [N]: of run.sh's TAG.trx the summed durations of the N costliest classes and the 10 slowest tests;
# of TAG.procs (the startup hook's lines) the `ledger` processes by command, the test host and the runner, count and CPU.
import sys, collections, xml.etree.ElementTree as ET
base = sys.argv[1]
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
def secs(d):
    h, m, s = d.split(':'); return int(h) * 3600 + int(m) * 60 + float(s)
try:
    root = ET.parse(base + ".trx").getroot()
    cls = collections.defaultdict(lambda: [0.0, 0]); tests = []
    outcomes = collections.Counter()
    for r in root.iter('{%s}UnitTestResult' % ns['t']):
        name = r.get('testName'); d = secs(r.get('duration', '0:0:0')); outcomes[r.get('outcome')] += 1
        c = '.'.join(name.split('(')[0].split('.')[:-1][-2:])
        cls[c][0] += d; cls[c][1] += 1; tests.append((d, name))
    print("outcomes", dict(outcomes), "summed", round(sum(v[0] for v in cls.values()), 1))
    for c, (d, n) in sorted(cls.items(), key=lambda x: -x[1][0])[:int(sys.argv[2]) if len(sys.argv) > 2 else 15]:
        print(f"{d:8.1f} {n:4d} {c}")
    print("slowest tests:")
    for d, n in sorted(tests, reverse=True)[:10]: print(f"{d:8.1f} {n[:150]}")
except FileNotFoundError: print("no trx")
try:
    kinds = collections.defaultdict(lambda: [0, 0.0])
    for line in open(base + ".procs"):
        pid, ppid, u, s, cmd = line.rstrip('\n').split('\t', 4)
        if 'ledger.dll' in cmd:
            a = cmd.split('ledger.dll', 1)[1].split()
            a = [x for i, x in enumerate(a) if not (x == '--store' or (i > 0 and a[i-1] == '--store'))]
            k = 'ledger ' + (a[0] if a else '')
        elif 'testhost' in cmd or 'Tests.runtimeconfig' in cmd: k = 'testhost'
        elif 'vstest' in cmd or 'dotnet test' in cmd or 'MSBuild' in cmd: k = 'runner'
        else: k = cmd[:60]
        kinds[k][0] += 1; kinds[k][1] += float(u) + float(s)
    led = [(k, v) for k, v in kinds.items() if k.startswith('ledger')]
    print("ledger processes", sum(v[0] for k, v in led), "cpu", round(sum(v[1] for k, v in led), 1))
    for k, (n, c) in sorted(kinds.items(), key=lambda x: -x[1][1])[:14]: print(f"{c:8.1f} {n:5d} {k}")
except FileNotFoundError: print("no procs")
