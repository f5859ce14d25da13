#!/usr/bin/env python3
"""Many large answers at once (docs/performance.md, "Issue #16, round 24").

Fills a running `ledger serve` with statements of ~2.4 KB (`fill`), then (`burst`) opens N raw connections on
127.0.0.1 with a 4 KB receive buffer, each asking with the same reader key for one large answer (default: a page of
1,000 events, ~3.1 MB of JSON) and never reading it; it samples the server's VmRSS/VmHWM before, during and 30 s after
the clients are gone, and counts the statuses the server answered with (read from each socket's first bytes).

  python3 benchmarks/many-large-answers.py fill  --url http://127.0.0.1:5620 --key RECORDER_KEY --count 2000
  python3 benchmarks/many-large-answers.py burst --url http://127.0.0.1:5620 --key READER_KEY --pid PID --clients 200

Only loopback: the script refuses any other host. Every loop is bounded in count and time.
"""
import argparse, json, socket, sys, time, urllib.request, uuid
from urllib.parse import urlparse


def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                name, value = line.split(":")
                fields[name] = int(value.split()[0]) // 1024
    return fields


def loopback(url):
    u = urlparse(url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"{url}: only a server on this machine's loopback is a target")
    return u.hostname, u.port


def fill(args):
    summary = ("A long statement for a page of large answers. " * 50)[:2000]
    commands = lambda: [{"command": "make-statement",
        "actor": "US", "counterpart": "RU", "speaker": "Department of State", "stance": "hostile",
        "summary": summary, "effectiveDate": "2020-01-01", "recordedBy": "round 24", "commandId": str(uuid.uuid4()),
        "sources": [{"publisher": "US Department of State", "title": ("Press statement " * 20)[:300],
                     "url": "https://www.state.gov/press", "publishedOn": "2020-01-01"}]} for _ in range(100)]
    for _ in range(args.count // 100):
        body = json.dumps({"commands": commands()}).encode()
        request = urllib.request.Request(args.url + "/commands/batch", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + args.key})
        with urllib.request.urlopen(request, timeout=60) as r:
            r.read()
    print(f"recorded {args.count // 100 * 100} statements")


def burst(args):
    host, port = loopback(args.url)
    before = rss(args.pid)
    request = (f"GET {args.path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {args.key}\r\n\r\n").encode()
    sockets, peak = [], dict(before)
    for _ in range(args.clients):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect((host, port))
        s.sendall(request)
        sockets.append(s)
    deadline = time.monotonic() + args.hold
    while time.monotonic() < deadline:
        now = rss(args.pid)
        peak["VmRSS"] = max(peak["VmRSS"], now["VmRSS"])
        time.sleep(0.2)
    statuses = {}
    for s in sockets:  # only the first bytes: the status line of whatever the server answered
        s.settimeout(5)
        try:
            head = s.recv(16).decode("latin-1")
            code = head.split(" ")[1] if head.startswith("HTTP/") else "none"
        except OSError:
            code = "none"
        statuses[code] = statuses.get(code, 0) + 1
        s.close()
    held = rss(args.pid)
    time.sleep(30)
    after = rss(args.pid)
    print(json.dumps({"clients": args.clients, "path": args.path, "statuses": statuses, "before_rss_mb": before["VmRSS"],
                      "peak_rss_mb": peak["VmRSS"], "hwm_mb": after["VmHWM"], "at_close_rss_mb": held["VmRSS"],
                      "after_30s_rss_mb": after["VmRSS"]}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["fill", "burst"])
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--pid", type=int)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--path", default="/events?limit=1000")
    p.add_argument("--hold", type=float, default=10, help="seconds the clients hold their connections unread")
    args = p.parse_args()
    loopback(args.url)
    fill(args) if args.mode == "fill" else burst(args)


main()
