#!/usr/bin/env python3
"""A 1,000-command `POST /commands/batch`: the server's processor time for it, two builds' servers alternated.

Usage: benchmarks/batch-server-cpu.py ROUNDS NAME=LEDGER NAME=LEDGER [--port 21890] [--commands 1000]
  e.g. benchmarks/batch-server-cpu.py 8 main=M/ledger branch=B/ledger
Each build's `ledger serve` runs on a new embedded store of its own (a temporary folder), on 127.0.0.1 from --port up, with a
recorder key. Each round posts one batch to each server, the order reversed every round: `make-statement` commands over 50
relationships, each with its own command id (nothing is recorded twice), in the object form with shared sources. The figure is
the server's user + system CPU (/proc/<pid>/stat, 10 ms ticks) from just before the request, the server idle, until it is
idle again after the response (no tick in 0.5 s: the live projection's applying of the batch counted too); two untimed
batches first warm each server. Prints each build's median, range, and for two builds the paired difference and in
how many rounds the second was lower; the load average at the start and the end. Stops both servers.
"""
import hashlib
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

KEY = "rl_bench-batch-recorder"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS  # utime, stime (fields 14 and 15 of the line)


def settle(pid):
    """The server's CPU once it has gone idle: what follows the response (the live projection applying the batch) is the batch's too."""
    last = cpu_ms(pid)
    while True:
        time.sleep(0.5)
        now = cpu_ms(pid)
        if now == last:
            return now
        last = now


def batch(tag, n):
    commands = [{"command": "make-statement", "commandId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tag}-{k}")), "actor": "RU",
                 "counterpart": f"bench{k % 50}", "effectiveDate": "2024-01-01", "speaker": "Ministry of Foreign Affairs", "stance": "Neutral",
                 "summary": f"Statement {k} of batch {tag}: the ministry notes the talks and their progress."} for k in range(n)]
    return json.dumps({"sources": [{"publisher": "Bench", "title": "Batch benchmark"}], "recordedBy": "bench", "commands": commands}).encode()


def post(port, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/commands/batch", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
        if response.status != 200:
            sys.exit(f"port {port}: {response.status}")


def start(ledger, port, folder):
    env = dict(os.environ, Api__Keys__0__Name="bench", Api__Keys__0__Hash=hashlib.sha256(KEY.encode()).hexdigest(),
               Api__Keys__0__Role="recorder")
    proc = subprocess.Popen(shlex.split(ledger) + ["--store", os.path.join(folder, "ledger.db"), "serve", "--urls", f"http://127.0.0.1:{port}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=5):
                return proc
        except Exception:
            if proc.poll() is not None:
                sys.exit(f"{ledger} serve exited {proc.returncode}")
            time.sleep(0.2)
    sys.exit(f"{ledger} serve never became ready")


def main():
    args = sys.argv[1:]
    port, n = 21890, 1000
    for flag in ("--port", "--commands"):
        if flag in args:
            i = args.index(flag)
            value = int(args[i + 1])
            del args[i:i + 2]
            port, n = (value, n) if flag == "--port" else (port, value)
    rounds = int(args[0])
    builds = [a.split("=", 1) for a in args[1:]]
    folders = [tempfile.mkdtemp(prefix="batch-cpu-") for _ in builds]
    servers = []
    try:
        for k, ((name, ledger), folder) in enumerate(zip(builds, folders)):
            servers.append(start(ledger, port + k, folder))
        for k, _ in enumerate(builds):
            for w in range(2):
                post(port + k, batch(f"warm-{k}-{w}", n))
        load_start = os.getloadavg()[0]
        cpu = {name: [] for name, _ in builds}
        for r in range(rounds):
            order = list(range(len(builds))) if r % 2 == 0 else list(reversed(range(len(builds))))
            for k in order:
                body = batch(f"round-{r}-{k}", n)
                settle(servers[k].pid)
                before = cpu_ms(servers[k].pid)
                post(port + k, body)
                cpu[builds[k][0]].append(settle(servers[k].pid) - before)
            print(f"\rround {r + 1}/{rounds}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        load_end = os.getloadavg()[0]
        print(f"load {load_start:.1f} -> {load_end:.1f}; {n} commands a batch, server CPU (user + system) per batch, ms")
        for name, values in cpu.items():
            print(f"  {name:>10}: median {statistics.median(values):.0f}, range {min(values):.0f}-{max(values):.0f}  ({', '.join(f'{v:.0f}' for v in values)})")
        if len(builds) == 2:
            first, second = (cpu[name] for name, _ in builds)
            diffs = [b - a for a, b in zip(first, second)]
            print(f"  paired ({builds[1][0]} - {builds[0][0]}): median {statistics.median(diffs):+.0f} ms; "
                  f"{builds[1][0]} lower in {sum(d < 0 for d in diffs)} of {len(diffs)} rounds")
    finally:
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
