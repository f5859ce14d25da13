#!/usr/bin/env python3
"""Where a profiled run's samples went, from `perf script -F comm,tid,ip,sym,dso` of a `perf record -g` taken with
DOTNET_PerfMapEnabled=1 (so the JIT's code is named): by where the sampled instruction is (the JIT's code, SQLite, the
kernel, libc, the runtime, the JIT compiler), by the innermost frame of the ledger's own code above it (the rebuild's
parts), and the ledger's methods that are that innermost frame most often. A stack that stops in native code without
reaching a managed frame (SQLite, libc and the runtime have no frame pointers) is counted apart.
    perf script -i perf.data -F comm,tid,ip,sym,dso > perf.txt && benchmarks/perf-by-frame.py perf.txt"""
import collections
import re
import sys

PARTS = [  # the first that matches the innermost ledger frame names the part
    ('finish: the indexes (EndBulk)', r'EndBulk'),
    ('decode: the envelope', r'EnvelopeJson|Envelope::ReadStored'),
    ('decode: the hash check', r'ContentProducesHash|EventHash'),
    ('decode: the data', r'EventJson::DeserializeData'),
    ('decode: the rest', r'LedgerEvent::TryDecode|LedgerEvent::Decode'),
    ('the store read', r'SqliteEventStore|Store\.Sqlite\.Rows|CompactJson'),
    ('rows: the items\' binary form', r'ItemCodec|RecordCodec'),
    ('rows: binding and inserting', r'RowWriter'),
    ('fold: the domain\'s timeline', r'Domain\.State\.Timeline|Fold::Evolve'),
    ('fold: aspects and re-cuts', r'AspectFold|RelationshipTimeline'),
    ('the projection\'s apply', r'RelationshipsProjection'),
    ('the rebuild\'s loop and channel', r'BulkRebuild'),
]
PLACES = [('kernel', 'kernel'), ('libclrjit', 'the JIT compiler'), ('libcoreclr', 'the runtime'), ('sqlite', 'SQLite'),
          ('libc.so', 'libc'), ('libcrypto', 'libcrypto')]


def samples(path):
    frames = None
    for line in open(path, errors='replace'):
        if not line.strip():
            if frames is not None:
                yield frames
            frames = None
        elif not line[0].isspace():
            frames = []
        elif frames is not None:
            frames.append(line.strip().split(' ', 1)[-1])
    if frames is not None:
        yield frames


def main(path):
    all_samples = list(samples(path))
    n = len(all_samples)

    def show(counter):
        for k, v in counter.most_common(25):
            print(f'{100.0 * v / n:5.1f} %  {k}')
    place, part, method = collections.Counter(), collections.Counter(), collections.Counter()
    for frames in all_samples:
        leaf = frames[0] if frames else ''
        place[next((name for key, name in PLACES if key in leaf), 'the JIT\'s code (managed)')] += 1
        part[next((name for f in frames for name, rx in PARTS if re.search(rx, f)), '(no part of the rebuild reached)')] += 1
        ledger = next((f for f in frames if 'RelationsLedger' in f and 'Benchmarks' not in f and 'IL_STUB' not in f), None)
        m = re.search(r'\] (RelationsLedger[\w.+<>`]*::[\w<>.]+)', ledger or '')
        method[m.group(1) if m else '(no ledger frame reached)'] += 1
    print(f'{n} samples\n-- where the sampled instruction is')
    show(place)
    print('-- the part of the rebuild that the innermost matching frame names')
    show(part)
    print('-- the ledger\'s methods, as the innermost frame')
    show(method)


if __name__ == '__main__':
    main(sys.argv[1])
