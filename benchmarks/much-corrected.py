#!/usr/bin/env python3
"""One fact corrected many times, then more corrections and retractions of them, over HTTP: the server's CPU a phase.

    benchmarks/much-corrected.py LEDGER_DIR [--corrections 6000] [--phase 300] [--port 21490] [--store FILE]

LEDGER_DIR holds a built `ledger` (src/RelationsLedger.Cli/bin/Release/net10.0, or a copy of another build's). A fresh store
gets one designation and --corrections field corrections of it; a server on 127.0.0.1 then takes --phase more corrections and
--phase retractions of those (latest first), one request at a time, and the script prints the server's processor time (user +
system, /proc/PID/stat) for each phase. Round 51 of issue #16: 25-34 ms of the server's CPU a command at ~6,000 corrections
before, 6-7.5 after. Alternate two builds on fresh stores to compare them.
"""
import argparse, json, os, subprocess, sys, tempfile, time, urllib.error, urllib.request, uuid

p = argparse.ArgumentParser()
p.add_argument("ledger_dir"); p.add_argument("--corrections", type=int, default=6000); p.add_argument("--phase", type=int, default=300)
p.add_argument("--port", type=int, default=21490); p.add_argument("--store")
a = p.parse_args()
ledger = os.path.join(a.ledger_dir, "ledger")
work = tempfile.mkdtemp(prefix="much-corrected-")
store = a.store or os.path.join(work, "ledger.db")
designation = str(uuid.UUID(int=1))
batch = {"sources": [{"publisher": "Bench", "title": "generated"}], "recordedBy": "bench", "commands": [
    {"command": "impose-designation", "commandId": designation, "actor": "RU", "counterpart": "taliban", "list": "Federal list",
     "authority": "Supreme Court", "effectiveDate": "2003-02-14"}]}
with open(os.path.join(work, "first.json"), "w") as f: json.dump(batch, f)
subprocess.run([ledger, "--store", store, "record-batch", os.path.join(work, "first.json")], check=True, stdout=subprocess.DEVNULL)

key = subprocess.run([ledger, "api-key", "new", "--role", "recorder", "--name", "bench"], check=True, capture_output=True, text=True).stdout
secret = key.split()[1]
hash_ = key.split('"Hash": "')[1].split('"')[0]
env = dict(os.environ, Api__Keys__0__Name="bench", Api__Keys__0__Hash=hash_, Api__Keys__0__Role="recorder")
url = f"http://127.0.0.1:{a.port}"
server = subprocess.Popen([ledger, "serve", "--store", store, "--urls", url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(120):
        try: urllib.request.urlopen(url + "/", timeout=1); break
        except urllib.error.HTTPError: break
        except OSError: time.sleep(0.5)

    def post(command, body):
        body.update({"partyA": "RU", "partyB": "taliban", "reason": "bench", "effectiveDate": "2025-01-01", "recordedBy": "bench",
                     "sources": [{"publisher": "Bench", "title": "generated"}]})
        request = urllib.request.Request(f"{url}/commands/{command}", data=json.dumps(body).encode(),
                                         headers={"Authorization": "Bearer " + secret, "Content-Type": "application/json"})
        try: urllib.request.urlopen(request).read()
        except urllib.error.HTTPError as e: sys.exit(f"{command} refused: {e.code} {e.read()[:300]!r}")

    def correct(i): post("correct-entry", {"commandId": str(uuid.UUID(int=10**6 + i)), "target": designation, "changes": {"reference": f"R {i}"}})
    def cpu():
        with open(f"/proc/{server.pid}/stat") as f: fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    for i in range(a.corrections):
        correct(i)
        if (i + 1) % 500 == 0: print(f"  {i + 1:,} corrections recorded", file=sys.stderr)
    start = cpu()
    for i in range(a.corrections, a.corrections + a.phase): correct(i)
    corrected = cpu()
    for i in reversed(range(a.corrections, a.corrections + a.phase)):
        post("retract-entry", {"commandId": str(uuid.UUID(int=2 * 10**6 + i)), "target": str(uuid.UUID(int=10**6 + i))})
    retracted = cpu()
    load = open("/proc/loadavg").read().split()[0]
    print(f"{a.phase} corrections: {corrected - start:.2f} s of the server's CPU; {a.phase} retractions, latest first: {retracted - corrected:.2f} s; load {load}")
finally:
    server.terminate(); server.wait()
