#!/usr/bin/env python3
"""Where a profiled rebuild's samples went (round 59 of issue #16), from `perf script -F comm,tid,ip,sym,dso` of a
`perf record -g` taken with DOTNET_PerfMapEnabled=1: by thread name, by where the sampled instruction is (managed code —
named once tiered up, the precompiled image's unnamed —, SQLite, the kernel, the runtime, the JIT, libc, libcrypto), and by
area: each sample to the innermost frame that names one (the tiering thread's samples apart); a stack that stops in native
code before any managed frame (SQLite, the kernel and libc have no frame pointers) is counted by its leaf.
    perf script -i p.perf -F comm,tid,ip,sym,dso > p.txt && benchmarks/rebuild-areas.py p.txt"""
import collections
import re
import sys

AREAS = [  # the first that matches the innermost frame names the area
    ('finish: the indexes (EndBulk)', r'EndBulk'),
    ('decode: the envelope', r'EnvelopeJson|Envelope::ReadStored|StoredSources'),
    ('decode: the hash check', r'ContentProducesHash|EventHash|ChainLink'),
    ('decode: the data (System.Text.Json)', r'EventJson::DeserializeData'),
    ('decode: the relationship check', r'RelationshipOf'),
    ('decode: the rest', r'LedgerEvent::TryDecode|LedgerEvent::Decode|BulkRebuild::Decode'),
    ('the store read', r'SqliteEventStore|Store\.Sqlite\.Rows|CompactJson|LoggedStream'),
    ('rows: the items\' binary form', r'ItemCodec|RecordCodec|ItemWriter'),
    ('rows: binding and inserting', r'RowWriter'),
    ('fold: the domain\'s transitions and timeline', r'Domain\.State|Domain\.Aspects|Fold::Evolve'),
    ('fold: aspects and re-cuts', r'AspectFold|RelationshipTimeline'),
    ('the projection\'s apply', r'RelationshipsProjection|HeldSize'),
    ('the rebuild\'s loop and channel', r'BulkRebuild|Channel'),
]
PLACES = [('kernel', 'the kernel'), ('libclrjit', 'the JIT'), ('libcoreclr', 'the runtime'), ('sqlite', 'SQLite'),
          ('libc.so', 'libc'), ('libcrypto', 'libcrypto'), ('r2r', 'managed, precompiled (unnamed)'), ('perf-', 'managed, named')]


def place(frame):
    return next((name for key, name in PLACES if key in frame), 'other')


def samples(path):
    comm, frames = None, []
    for line in open(path, errors='replace'):
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line[0].isspace():
            comm, frames = line.rstrip().rsplit(None, 1)[0], []
        else:
            frames.append(line.strip().split(' ', 1)[-1])
    if comm is not None:
        yield comm, frames


def main(path):
    threads, places, areas = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    for comm, frames in samples(path):
        n += 1
        threads[comm] += 1
        leaf = frames[0] if frames else ''
        places[place(leaf)] += 1
        if 'Tiered' in comm:
            areas['(the tiering thread)'] += 1
            continue
        areas[next((name for f in frames for name, rx in AREAS if re.search(rx, f)), f'(no area reached) {place(leaf)}')] += 1

    def show(title, counter):
        print(f'-- {title}')
        for k, v in counter.most_common():
            print(f'{100.0 * v / n:5.1f} %  {k}')
    print(f'{n} samples')
    show('by thread', threads)
    show('where the sampled instruction is', places)
    show('by area', areas)


if __name__ == '__main__':
    main(sys.argv[1])
