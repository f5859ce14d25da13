#!/usr/bin/env python3
"""Where a profiled `ledger import` spent its samples, by step (round 48 of issue #16): each sample is given to the
innermost frame that names a step (the first pattern below that matches it), from `perf script -F comm,tid,ip,sym,dso`
of a `perf record -g` taken with DOTNET_PerfMapEnabled=1. A sample under sealing is sealing's, whatever frame inside it names
another step (sealing an envelope written anew reads its sources again; round 63). "(none)": no frame names a step — mostly SQLite and the kernel
under the append, whose stacks stop before a managed frame; its commonest leaves are printed.
    perf script -i p.perf -F comm,tid,ip,sym,dso > p.txt && benchmarks/import-steps.py p.txt"""
import re,sys,collections
STEPS=[('FluentValidation',r'FluentValidation'),('ToCommand',r'EventCommands::ToCommand'),('ToEvent',r'::ToEvent'),('Validate-other',r'EventCommands::Validate|CommandValidators'),
('seal',r'ImportEventsHandler::Sealed|ImportLine::Sealed|EnvelopeJson::Serialize|EnvelopeJson::Write|EnvelopeJson::IsCanonical'),
('parse envelope',r'EnvelopeJson::Deserialize|EnvelopeJson::ReadInPlace|EnvelopeJson::ReadEnvelope|EnvelopeJson::Sources|EnvelopeJson::Source\b'),('parse data',r'EventJson::DeserializeData'),('parse line',r'ImportLine::Parse|ExportLineFields|OnePassLine'),
('hash',r'ChainLink::Recompute|EventHash'),('check other',r'LineChecker::Check\b'),('StreamOf',r'LineChecker::StreamOf'),
('spill write',r'ImportSpill::Write'),('spill read',r'ReadAll'),
('decide',r'ImportDecisions|StreamReplica|StreamDecisions|Decide|DecisionBasis|RulesFold'),('append',r'GroupWriter|Writes::|AppendBatch|SqliteEventStore'),
('read lines',r'BoundedLines'),('handler loop',r'ImportEventsHandler'),('checker loop',r'LineChecker'),('JIT',r'libclrjit')]
tot=0;cnt=collections.Counter();sym=collections.Counter()
SEAL=re.compile(dict(STEPS)['seal'])
def flush(frames):
    global tot
    tot+=1
    if any(SEAL.search(f) for f in frames): cnt['seal']+=1; return  # what sealing calls (its sources read again) is sealing's
    for f in frames:
        for name,pat in STEPS:
            if re.search(pat,f): cnt[name]+=1; return
    cnt['(none)']+=1
    if frames: sym[frames[0][:100]]+=1
head=None;frames=[]
for line in open(sys.argv[1],errors='replace'):
    if not line.strip():
        if head is not None: flush(frames)
        head=None;frames=[];continue
    if not line[0].isspace(): head=1;frames=[]
    else: frames.append(line.strip().split(' ',1)[-1])
if head is not None: flush(frames)
print('samples',tot)
for n,c in cnt.most_common(): print(f'{n:20s} {c:6d} {100*c/tot:5.1f}%')
print('unattributed leaves');[print(' ',c,s) for s,c in sym.most_common(15)]
