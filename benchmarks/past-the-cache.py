#!/usr/bin/env python3
"""Commands past the history cache's bound (docs/performance.md, "Issue #16, round 46").

Records batches of `make-statement` commands through `POST /commands/batch` into a running `ledger serve`, over R
relationships (4 actors x R/4 counterparts) recorded to in turn — every batch names each relationship the same number of
times, so a server whose cache holds fewer of their histories than all of them must read some again at every batch. After
each batch it prints one JSON line: events recorded, the batch's seconds and commands/s, and the server's VmRSS/VmHWM (MB)
from /proc. Each statement stores ~780 bytes (a 200-character summary, one source), as round 45's measurement did.

  python3 benchmarks/past-the-cache.py --url http://127.0.0.1:21280 --key RECORDER_KEY --pid PID --events 40000 \
      [--batch 1000] [--relationships 200] [--from 0]

The server needs Api:MaxRequestBodyBytes of ~1 MB for batches of 1,000 (the body is JSON, ~650 KB). Only loopback.
"""
import argparse, json, sys, time, urllib.request, uuid
from urllib.parse import urlparse

ACTORS = ["RU", "US", "CN", "FR"]


def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                name, value = line.split(":")
                fields[name] = int(value.split()[0]) // 1024
    return fields


def counterparts(n):
    return [f"org{i:03d}" for i in range(n)]


def batch_body(size, relationships, seq):
    per_actor = relationships // len(ACTORS)
    pairs = [(a, c) for a in ACTORS for c in counterparts(per_actor)]
    commands = []
    for i in range(size):
        actor, counterpart = pairs[(seq + i) % len(pairs)]
        commands.append({"command": "make-statement", "actor": actor, "counterpart": counterpart,
            "speaker": "Ministry of Foreign Affairs", "stance": "neutral",
            "summary": (f"Statement {seq + i} on the relations between {actor} and {counterpart}. " * 8)[:200],
            "effectiveDate": f"20{10 + (seq + i) % 15}-0{1 + (seq + i) % 9}", "recordedBy": "round 46",
            "commandId": str(uuid.uuid4()),
            "sources": [{"publisher": "Press office", "title": "Statement of the day", "publishedOn": "2025"}]})
    return json.dumps({"commands": commands}).encode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--relationships", type=int, default=200)
    p.add_argument("--from", dest="start", type=int, default=0, help="events recorded already (the sequence goes on from it)")
    args = p.parse_args()
    if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"{args.url}: only a server on this machine's loopback is a target")
    seq = args.start
    while seq < args.events:
        body = batch_body(args.batch, args.relationships, seq)
        request = urllib.request.Request(args.url + "/commands/batch", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + args.key})
        t = time.monotonic()
        with urllib.request.urlopen(request, timeout=600) as r:
            if r.status != 200:
                sys.exit(f"batch at {seq}: answered {r.status}")
            r.read()
        seconds = time.monotonic() - t
        seq += args.batch
        print(json.dumps({"events": seq, "seconds": round(seconds, 2), "commandsPerSecond": round(args.batch / seconds, 1), **rss(args.pid)}), flush=True)


if __name__ == "__main__":
    main()
