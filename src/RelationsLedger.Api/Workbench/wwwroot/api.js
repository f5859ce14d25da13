// Every request goes to the page's own origin with the analyst's key (kept for the browser session only).

const KEY = 'relationsledger.key';

export class Unauthorized extends Error {}

export class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'The request failed.');
    this.problem = problem;
  }
}

export function key() { return sessionStorage.getItem(KEY); }
export function setKey(value) { sessionStorage.setItem(KEY, value); }
export function forgetKey() { sessionStorage.removeItem(KEY); }

export async function get(path, { signal, accept = 'application/json' } = {}) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${key()}`, Accept: accept }, signal });
  if (response.status === 401) throw new Unauthorized('The key was refused.');
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    if (type.includes('json')) throw new ProblemError(await response.json());
    throw new ProblemError({ title: `${response.status} ${response.statusText}` });
  }
  return type.includes('json') ? response.json() : response.text();
}

/** Whether a key is one the server knows: a cheap question that needs a reader key. */
export async function check(candidate) {
  const response = await fetch('/events?limit=1', { headers: { Authorization: `Bearer ${candidate}` } });
  if (response.status === 401 || response.status === 403) return false;
  if (!response.ok) throw new ProblemError({ title: `${response.status} ${response.statusText}` });
  return true;
}

/**
 * The event feed as Server-Sent Events, read with fetch so that the key travels in a header (EventSource cannot send
 * one). Reconnects after a drop and resumes after the last event received (Last-Event-ID), so nothing is missed or
 * delivered twice. Returns a function that stops it.
 */
export function follow(after, onEvent, onState) {
  let last = after;
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        onState('connecting');
        const headers = { Authorization: `Bearer ${key()}`, Accept: 'text/event-stream' };
        if (last) headers['Last-Event-ID'] = last;
        const response = await fetch('/events/stream', { headers, signal: controller.signal });
        if (response.status === 401) { onState('refused'); return; }
        if (!response.ok || !response.body) throw new Error(`${response.status}`);
        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let id = null; const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('id:')) id = line.slice(3).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
            }
            if (data.length > 0) {
              if (id) last = id;
              onEvent(JSON.parse(data.join('\n')));
            }
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('connecting');
      await new Promise(r => setTimeout(r, 1000));
    }
  }
  run();
  return () => { stopped = true; controller?.abort(); onState('off'); };
}
