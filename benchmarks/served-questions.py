#!/usr/bin/env python3
"""One question asked again and again of a running `ledger serve`, on one kept-alive connection (docs/performance.md,
"Issue #16, round 52"): the server's CPU a question (its process's user + system time, from /proc, over the loop) and
the median wall time a question; the answers' bodies are hashed, so that two builds' answers can be compared.

  python3 benchmarks/served-questions.py --url http://127.0.0.1:21540 --key READER_KEY --pid PID \
      --path /relationships/RU/US/state --count 2000

Only loopback: the script refuses any other host. The loop is bounded in count.
"""
import argparse, hashlib, http.client, os, statistics, sys, time
from urllib.parse import urlparse


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--path", default="/relationships/RU/US/state")
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=200)
    a = p.parse_args()
    u = urlparse(a.url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"{a.url}: only a server on this machine's loopback is a target")
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    headers = {"Authorization": "Bearer " + a.key}

    def ask():
        c.request("GET", a.path, headers=headers)
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"{a.path}: {r.status} {body[:300]!r}")
        return body

    for _ in range(a.warmup):
        ask()
    digest, walls = hashlib.sha256(), []
    start = cpu_seconds(a.pid)
    for _ in range(a.count):
        t = time.perf_counter()
        digest.update(ask())
        walls.append(time.perf_counter() - t)
    used = cpu_seconds(a.pid) - start
    print(f"{a.count} × GET {a.path}: server CPU {used / a.count * 1000:.3f} ms a question, wall p50 "
          f"{statistics.median(walls) * 1000:.3f} ms, load {open('/proc/loadavg').read().split()[0]}, answers sha256 {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
