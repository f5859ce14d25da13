# Floods a server with idle connections and watches its descriptors (/proc/PID/fd): python3 connection-flood.py PID PORT CONNECTIONS FLOODS
# Prints a JSON line a flood: connects that failed, connections the server closed, how fast, the peak of its descriptors, whether it lives and answers /health/ready after.
import json, os, socket, sys, time, threading, urllib.request
pid, port, n, floods = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
peak = [0]; stop = [False]
def watch():
    while not stop[0]:
        try: peak[0] = max(peak[0], len(os.listdir(f"/proc/{pid}/fd")))
        except (FileNotFoundError, ProcessLookupError): return
        time.sleep(0.02)
threading.Thread(target=watch, daemon=True).start()
def alive(): return os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != 'Z'
def ready():
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=5) as r:
                if r.status == 200: return True
        except Exception: pass
        if not alive(): return False
        time.sleep(0.2)
    return False
results = []
for f in range(floods):
    socks, failed = [], 0
    t0 = time.time()
    for i in range(n):
        s = socket.socket(); s.settimeout(20)
        try: s.connect(("127.0.0.1", port)); socks.append(s)
        except OSError: failed += 1; s.close()
    opened = time.time() - t0
    # wait until the over-limit ones are closed, or 30 s
    closed = 0
    for _ in range(150):
        closed = 0
        for s in socks:
            s.setblocking(False)
            try:
                if s.recv(1, socket.MSG_PEEK) == b"": closed += 1
            except BlockingIOError: pass
            except OSError: closed += 1
        if closed >= n - 1000 or not alive(): break
        time.sleep(0)
        time.sleep(0.2)
    tclosed = time.time() - t0
    for s in socks: s.close()
    ok = ready()
    results.append(dict(flood=f+1, opened=len(socks), failed=failed, closedByServer=closed, seconds=round(opened,1), closedWithin=round(tclosed,1), refusedPerSecond=round(closed/tclosed) if tclosed else None, peakFds=peak[0], alive=alive(), readyAfter=ok))
    print(json.dumps(results[-1]), flush=True)
    if not alive(): break
stop[0] = True
