#!/usr/bin/env python3
# Whether two embedded stores hold the same events, byte for byte — position, id, stream, revision, type, data and metadata —
# apart from the time each store appended them (recorded_at): an import of the same file by two builds (round 63 of issue #16).
# usage: benchmarks/same-events.py A.db B.db
import sqlite3,hashlib,sys
def digest(db):
    c=sqlite3.connect(f'file:{db}?mode=ro',uri=True)
    h=hashlib.sha256(); n=0
    for row in c.execute('select position,event_id,stream,revision,type,data,metadata from events order by position'):
        for v in row: h.update(repr(v).encode() if not isinstance(v,bytes) else v); h.update(b'\x00')
        n+=1
    return n,h.hexdigest()
a=digest(sys.argv[1]); b=digest(sys.argv[2]); print(sys.argv[1],a); print(sys.argv[2],b); print('SAME' if a==b else 'DIFFERENT')
