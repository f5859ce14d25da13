#!/usr/bin/env python3
"""A profiled rebuild's samples by stage (round 62 of issue #16): the decoder (reading the store and decoding) and the
projection (folding and writing rows), each with its ten hottest functions by leaf (self), in % of that stage's samples.
The two stages run on thread-pool threads and move between them at the channel's awaits, so a thread id does not name a
stage; a sample does when its stack holds one stage's frames (BulkRebuild's DecodeAsync, the decoding, the fold ahead — or
its RunAsync, RelationshipsProjection, RowWriter, EndBulk). SQLite, the kernel and libc have no frame pointers, so their
samples name none: each is given the stage of the nearest named sample of the same thread within 20 ms (a stage holds a
thread for a chunk of 1,024 events at a time). The rest: the tiering thread, the collector, the finish's sorter threads.
    perf script -i p.perf -F comm,tid,time,ip,sym,dso > p.txt && benchmarks/rebuild-threads.py p.txt"""
import bisect
import collections
import re
import sys

DECODER = re.compile(r'DecodeAsync|StreamByStreamAsync|BulkRebuild::Decode\(|LedgerEvent::TryDecode|EnvelopeJson|EventJson|StreamFoldAhead|SqliteEventStore|LoggedStream')
PROJECTION = re.compile(r'<RunAsync>|RelationshipsProjection|RowWriter|ApplyFolded|CompleteStream|EndBulk')
WINDOW = 0.5


def samples(path):
    head, frames = None, []
    for line in open(path, errors='replace'):
        if not line.strip():
            if head is not None:
                yield head, frames
            head, frames = None, []
        elif not line[0].isspace():
            head, frames = line.rstrip(), []
        else:
            frames.append(line.strip().split(' ', 1)[-1])
    if head is not None:
        yield head, frames


def function(frame):
    name = re.sub(r'\s*\(\S*\)$', '', frame)  # the dso
    name = re.sub(r'\+0x[0-9a-f]+$', '', name)
    name = re.sub(r'\[(OptimizedTier1|Optimized|PreJIT|Tier0|Tier1|QuickJitted)\]', '', name)
    name = re.sub(r'^(instance |static )?\S+ \[[^]]+\] ', '', name).strip()  # return type and assembly
    return name[:140]


def main(path):
    rows = []  # (tid, time, leaf, stage or None, comm)
    for head, frames in samples(path):
        m = re.match(r'(.*?)\s+(\d+)\s+([\d.]+):', head)
        comm, tid, time = m.group(1), m.group(2), float(m.group(3))
        stack = '\n'.join(frames)
        stage = 'decoder' if DECODER.search(stack) else 'projection' if PROJECTION.search(stack) else None
        rows.append((tid, time, function(frames[0]) if frames else '?', stage, comm))
    named = collections.defaultdict(list)
    for tid, time, _, stage, _ in rows:
        if stage: named[tid].append((time, stage))
    for v in named.values(): v.sort()
    by = collections.defaultdict(collections.Counter)
    for tid, time, leaf, stage, comm in rows:
        if stage is None and named[tid]:
            times = named[tid]
            i = bisect.bisect_left(times, (time,))
            near = [times[j] for j in (i - 1, i) if 0 <= j < len(times)]
            t, s = min(near, key=lambda x: abs(x[0] - time))
            if abs(t - time) <= WINDOW: stage = s
        by[stage or f'other: {comm}'][leaf] += 1
    n = len(rows)
    print(f'{n} samples')
    for stage, counts in sorted(by.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(counts.values())
        if total < n / 100: continue
        print(f'\n{stage}: {total} samples, {100 * total / n:.1f} % of all')
        for f, c in counts.most_common(10 if stage in ('decoder', 'projection') else 5):
            print(f'  {100 * c / total:5.1f} %  {f}')


if __name__ == '__main__':
    main(sys.argv[1])
