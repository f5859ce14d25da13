#!/usr/bin/env python3
# THREADS writers posting make-statement commands (three in four) and batches of 2–20 to `serve` until RUN/STOP exists
# (round 66 of issue #16). Every event a 201/200 gives out is logged to OUT as 'globalPosition@eventId' — what the server
# promised was recorded, for check.py to look for in the export after kills; a 5xx other than 503 as a '# ' line.
# usage: writers.py RUN PORT KEY THREADS OUT
import sys, json, threading, random, uuid, http.client, time, os
run, port, key, threads, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
actors = ['RU', 'US', 'FR', 'DE', 'GB', 'CN', 'IN', 'BR', 'JP', 'AF']
lock = threading.Lock(); log = open(out, 'a'); counts = {}
headers = {'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json'}

def statement(i):
    return {"actor": random.choice(actors), "counterpart": f"http-chaos-{random.randint(1, 4)}", "speaker": "Spokesperson",
            "stance": "ally", "summary": f"w {i} {uuid.uuid4()}", "effectiveDate": "2024-07", "recordedBy": "chaos",
            "sources": [{"publisher": "BBC", "title": "t"}], "commandId": str(uuid.uuid4())}

def write():
    c, i = None, 0
    while not os.path.exists(f'{run}/STOP'):
        i += 1
        try:
            c = c or http.client.HTTPConnection('127.0.0.1', port, timeout=30)
            if random.random() < 0.25:
                c.request('POST', '/commands/batch', json.dumps([{**statement(i * 100 + k), "command": "make-statement"} for k in range(random.randint(2, 20))]), headers)
            else:
                c.request('POST', '/commands/make-statement', json.dumps(statement(i)), headers)
            r = c.getresponse(); data = r.read()
            with lock:
                counts[r.status] = counts.get(r.status, 0) + 1
                if r.status in (200, 201):
                    answer = json.loads(data)
                    log.writelines(f"{e['globalPosition']}@{e['eventId']}\n" for e in answer.get('items', [answer])); log.flush()
                elif r.status >= 500 and r.status != 503:
                    log.write(f"# {r.status} {data[:300].decode(errors='replace')}\n"); log.flush()
        except Exception as e:
            with lock: counts[type(e).__name__] = counts.get(type(e).__name__, 0) + 1
            c = None; time.sleep(0.3)

pool = [threading.Thread(target=write) for _ in range(threads)]
[t.start() for t in pool]; [t.join() for t in pool]
print(json.dumps(counts))
