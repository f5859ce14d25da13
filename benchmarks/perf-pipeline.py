#!/usr/bin/env python3
"""Where `macro pipeline`'s sends spent their samples (round 50 of issue #16): from `perf script -F comm,tid,time,ip,sym,dso`
of a `perf record -g` taken with DOTNET_PerfMapEnabled=1, the samples of the last FRACTION (default 0.6) of the span of the
samples under a send (`Ledgers.SendAsync`); the process's samples by thread, then each send's sample under the innermost
frame that names a part of the pipeline, where its leaf is, and the leaves most often sampled. A stack that stops in native
code without reaching a managed frame (SQLite, the kernel) is not under a send: the store's share is a floor.
    perf script -i p.perf -F comm,tid,time,ip,sym,dso > p.txt && benchmarks/perf-pipeline.py p.txt [FRACTION]"""
import collections, re, sys
PARTS = [
 ('store: append', r'SqliteEventStore::Append|Store\.Sqlite\..*Append|GroupCommit|Sqlite.*Commit'),
 ('store: stream read', r'SqliteEventStore::ReadStream|Store\.Sqlite\..*Read'),
 ('store: other', r'RelationsLedger\.Store\.Sqlite'),
 ('FluentValidation', r'FluentValidation'),
 ('seal: hash', r'EventHash'),
 ('seal: event JSON', r'EventJson'),
 ('seal: envelope', r'Envelope'),
 ('seal: rest', r'RelationshipRepository::Seal'),
 ('decode (LedgerEvent)', r'LedgerEvent::'),
 ('decision basis', r'DecisionBasis|RelationshipHistory::get_Basis'),
 ('Decide / MendGuards', r'Decide::|MendGuards'),
 ('history cache', r'HistoryCache|AppendOnlyLog|HeldSize|AccessFrequency'),
 ('facts (ToFact)', r'ToFact'),
 ('EventOf / ToEvent', r'CommandValidators::EventOf|::ToEvent|::Carried'),
 ('provenance', r'CommandProvenance'),
 ('write turns', r'WriteTurns'),
 ('repository rest', r'RelationshipRepository'),
 ('ledger validation rules', r'FieldRules|OneRule|InvisibleCharacters|PartyId|VouchedSources|Validator'),
 ('ValidationBehaviour', r'ValidationBehaviour'),
 ('RecordHandler own', r'RecordHandler'),
 ('MediatR', r'MediatR'),
 ('DI container', r'Microsoft\.Extensions\.DependencyInjection'),
 ('benchmark loop', r'Benchmarks'),
]
PLACES=[('kernel','kernel'),('libclrjit','JIT compiler'),('libcoreclr','runtime'),('sqlite','SQLite native'),('libc.so','libc'),('libcrypto','libcrypto'),('System.Private.CoreLib','CoreLib')]
def samples(path):
    hdr=None;frames=None
    for line in open(path,errors='replace'):
        if not line.strip():
            if frames is not None: yield hdr,frames
            frames=None
        elif not line[0].isspace():
            hdr=line.strip(); frames=[]
        elif frames is not None:
            frames.append(line.strip().split(' ',1)[-1])
path=sys.argv[1]; frac=float(sys.argv[2]) if len(sys.argv)>2 else 0.6
all_=[]
for h,f in samples(path):
    m=re.search(r'(\S.*?)\s+(\d+)\s+([\d.]+):',h)
    if not m: continue
    all_.append((m.group(1),float(m.group(3)),f))
send=[t for c,t,f in all_ if any('Ledgers' in x and 'SendAsync' in x for x in f)]
lo,hi=min(send),max(send); start=hi-(hi-lo)*frac
win=[(c,t,f) for c,t,f in all_ if start<=t<=hi]
print(f'window {hi-start:.1f}s, {len(win)} samples in the process; by thread:')
for k,v in collections.Counter(c for c,t,f in win).most_common(8): print(f'  {v:5d} {k}')
sends=[f for c,t,f in win if any('Ledgers' in x and 'SendAsync' in x for x in f)]
n=len(sends); print(f'{n} samples under a send')
part=collections.Counter(); place=collections.Counter(); meth=collections.Counter()
for f in sends:
    part[next((name for x in f for name,rx in PARTS if re.search(rx,x)),'(other)')]+=1
    leaf=f[0] if f else ''
    place[next((nm for k,nm in PLACES if k in leaf),'managed (other)')]+=1
    meth[re.sub(r'\[.*?\]\s*','',leaf)[:110]]+=1
for title,c in (('part (innermost match)',part),('where the leaf is',place),('leaf symbols',meth)):
    print('--',title)
    for k,v in c.most_common(30 if title=='leaf symbols' else 40): print(f'{100*v/n:5.1f} %  {k}')
