#!/usr/bin/env python3
# Whether each consumer's OUT holds the export's events exactly, in order — after its filter — and whether every event the
# writers were given a 201/200 for is in the export (round 66 of issue #16). Lines '#cp …' are checkpoints, not events.
# usage: check.py EXPORT OUT:FILTER... [--promised WRITERS_OUT]     FILTER: all | type=A,B | stream=S
import json, sys
args = sys.argv[2:]; promised = None
if '--promised' in args:
    i = args.index('--promised'); promised = args[i + 1]; del args[i:i + 2]
log = [(f"{j['position']}@{j['eventId']}", j['type'], j['stream']) for j in map(json.loads, open(sys.argv[1])) if 'exportEnd' not in j]
print('export', len(log), 'events')
for spec in args:
    out, flt = spec.split(':', 1)
    if flt.startswith('type='): types = set(flt[5:].split(',')); want = [e[0] for e in log if e[1] in types]
    elif flt.startswith('stream='): want = [e[0] for e in log if e[2] == flt[7:]]
    else: want = [e[0] for e in log]
    got = [l.strip() for l in open(out) if l.strip() and not l.startswith('#')]
    first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)
    print(out, flt, 'received', len(got), 'of', len(want), 'repeated', len(got) - len(set(got)),
          'EQUAL' if got == want else f'DIFFERENT from index {first if first is not None else min(len(got), len(want))}')
if promised:
    ids = {e[0] for e in log}; lines = [l.strip() for l in open(promised) if l.strip()]
    given = [l for l in lines if not l.startswith('#')]
    print('given out', len(given), 'not in the export', [p for p in given if p not in ids][:5], 'server errors', [l for l in lines if l.startswith('#')][:3])
