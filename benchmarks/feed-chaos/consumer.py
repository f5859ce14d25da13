#!/usr/bin/env python3
# A hostile downstream service (round 66 of issue #16): follows the feed from its checkpoint, hangs up at random points (after
# a few events, or mid-response, mid-event), kills itself with SIGKILL now and then, and is started again by supervise.sh.
# Each event handled is one os.write of 'position@eventId\n' to OUT, and a filtered page's checkpoint past its last event one
# '#cp position@eventId' line in the same write: handling and checkpoint are one write, so what OUT holds at the end must be the
# log's events (filtered) exactly — no gap, no repeat. The checkpoint is OUT's last line.
# usage: consumer.py PORT KEY OUT sse|pages SEED [FILTER (type=A,B | stream=S)] [PATH (/events/stream or a relationship's)]
import os, sys, socket, random, signal, json, time
port, key, out, mode, seed = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
FILTER = sys.argv[6] if len(sys.argv) > 6 else ''
STREAM_PATH = sys.argv[7] if len(sys.argv) > 7 else '/events/stream'
PAGE_PATH = STREAM_PATH.replace('/stream', '')
random.seed(seed + os.getpid())
fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
err = open(out + '.err', 'a')

def log(*a):
    err.write(time.strftime('%H:%M:%S ') + ' '.join(str(x) for x in a) + '\n'); err.flush()

def checkpoint():
    try:
        lines = open(out, 'rb').read().split(b'\n')
    except FileNotFoundError:
        return None
    full = [l for l in lines[:-1] if l]
    return full[-1].decode().removeprefix('#cp ') if full else None

def request(path, headers):
    s = socket.create_connection(('127.0.0.1', port), timeout=30)
    h = ''.join(f'{k}: {v}\r\n' for k, v in headers.items())
    s.sendall(f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n{h}\r\n'.encode())
    return s

def refused(status, body):
    log('refused', status.strip(), body[-600:])
    if b' 400 ' in status: sys.exit(3)  # a checkpoint refused: a person decides (supervise.sh starts it again after 2 s)
    time.sleep(1)

def stream():
    cp = checkpoint()
    headers = {'Accept': 'text/event-stream'}
    if cp: headers['Last-Event-ID'] = cp
    s = request(STREAM_PATH + ('?' + FILTER if FILTER else ''), headers)
    f = s.makefile('rb')
    status = f.readline()
    if b' 200 ' not in status:
        return refused(status, f.read(2000))
    while f.readline() not in (b'\r\n', b''):
        pass
    budget = random.choice([1, 2, 3, 7, 20, 50, 200, 1000, 5000])
    cut_mid_response = random.random() < 0.3
    handled, got, buf, ident, data = 0, 0, b'', None, None
    while True:
        size = int(f.readline().strip() or b'0', 16)  # Kestrel sends the stream chunked
        if size == 0: return
        chunk = f.read(size); f.readline()
        got += len(chunk)
        if cut_mid_response and got > budget * 300:
            s.close(); return
        buf += chunk
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            if line == b'':
                if data is not None:
                    assert ident.split('@')[0] == json.loads(data)['position'], ident
                    os.write(fd, (ident + '\n').encode())
                    handled += 1
                    if random.random() < 0.002: os.kill(os.getpid(), signal.SIGKILL)
                    if handled >= budget and not cut_mid_response: s.close(); return
                ident = data = None
            elif line.startswith(b': store') or line.startswith(b': server'): log('comment', line)
            elif line.startswith(b'id:'): ident = line[3:].strip().decode()
            elif line.startswith(b'data:'): data = line[5:].strip()

def pages():
    cp = checkpoint()
    q = f'limit={random.choice([1, 3, 17, 100, 1000])}'
    if cp:
        p, e = cp.split('@'); q += f'&after={p}&afterEventId={e}'
    s = request(PAGE_PATH + '?' + q + ('&' + FILTER if FILTER else ''), {'Connection': 'close'})
    f = s.makefile('rb'); status = f.readline(); rest = f.read(); s.close()
    head, _, body = rest.partition(b'\r\n\r\n')
    if b'chunked' in head.lower():
        whole = b''
        while True:
            size, _, body = body.partition(b'\r\n'); n = int(size, 16)
            if n == 0: break
            whole += body[:n]; body = body[n + 2:]
        body = whole
    if b' 200 ' not in status:
        return refused(status, body)
    page = json.loads(body)
    events = page['events']
    if random.random() < 0.01: os.kill(os.getpid(), signal.SIGKILL)
    text = ''.join(f"{e['position']}@{e['eventId']}\n" for e in events)
    last = f"{page['lastPosition']}@{page['lastEventId']}"
    if page.get('lastEventId') and last != cp and (not events or page['lastPosition'] != events[-1]['position']):
        text += f"#cp {last}\n"
    if text: os.write(fd, text.encode())
    if page['endOfLog']: time.sleep(0.2)

while True:
    try:
        (stream if mode == 'sse' else pages)()
    except (ConnectionError, socket.timeout, OSError, ValueError) as e:
        log('connection', repr(e)); time.sleep(0.3)
