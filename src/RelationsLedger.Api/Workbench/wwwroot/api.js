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

/** The answers in flight are bounded per key and per server (Api:MaxAnswersPerKey, Api:MaxAnswers): a place is asked for again. */
const BUSY = ['urn:relationsledger:problem:too-many-answers-for-key', 'urn:relationsledger:problem:too-many-answers'];

/**
 * A question's response. A 429 or 503 that says the key's (or the server's) places for answers are taken — other tabs
 * with the same key, or this page's own questions asked together — is asked again after 0.25 s, doubling, five times
 * (about 8 s in all): places come back as soon as an answer is written, far sooner than the Retry-After that a client
 * knowing nothing of it must wait. Any other response, or the last refusal, is the caller's.
 */
async function ask(path, headers, signal) {
  for (let wait = 250; ; wait *= 2) {
    const response = await reach(path, { headers, signal });
    if (response.status !== 429 && response.status !== 503) return response;
    if (wait > 4000 || !(response.headers.get('Content-Type') || '').includes('json')) return response;
    const problem = await response.clone().json();
    if (!BUSY.includes(problem.type)) return response;
    await pause(wait, signal);
  }
}

/**
 * fetch, with a server that does not answer (stopped, restarting, the network gone) said so: fetch's own TypeError says
 * only "Failed to fetch", which the key form and the pages showed as all there was to know.
 */
async function reach(path, init) {
  try {
    return await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ProblemError({ title: 'No answer.', detail: `The server at ${location.origin} did not answer (the browser said: ${e.message}): is ledger serve running? Try again once it is.` });
  }
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });
}

export async function get(path, { signal, accept = 'application/json' } = {}) {
  const response = await ask(path, { Authorization: `Bearer ${key()}`, Accept: accept }, signal);
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
  const response = await ask('/events?limit=1', { Authorization: `Bearer ${candidate}` });
  if (response.status === 401 || response.status === 403) return false;
  if (!response.ok) throw new ProblemError({ title: `${response.status} ${response.statusText}` });
  return true;
}

/**
 * The event feed as Server-Sent Events, read with fetch so that the key travels in a header (EventSource cannot send
 * one). Reconnects after a drop and resumes after the last event received, so nothing is missed or delivered twice:
 * with the last id: (position@eventId) as after, and its eventId as afterEventId, which the server checks — by position
 * alone a store put back from an older copy and recorded into since would have been followed as if its events came next.
 * Waits 1 s before the first retry, doubling to 30 s while the server stays away. A refusal is not retried: a resume
 * the server refuses (400: the log no longer holds the event the page stopped at) would be refused again every time.
 * A 429 is not a refusal: the key holds its most streams (other tabs); it is retried as a 503 is.
 * The state goes to 'lost' with the server's problem instead. Returns a function that stops it.
 */
export function follow(after, onEvent, onState) {
  let last = after;
  let lastEventId = null;
  let stopped = false;
  let controller = null;
  let wait = 1000;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        onState('connecting');
        const headers = { Authorization: `Bearer ${key()}`, Accept: 'text/event-stream' };
        const from = new URLSearchParams();
        if (last) from.set('after', last);
        if (last && lastEventId) from.set('afterEventId', lastEventId);
        const response = await fetch(`/events/stream?${from}`, { headers, signal: controller.signal });
        if (response.status === 401) { onState('refused'); return; }
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          const type = response.headers.get('Content-Type') || '';
          onState('lost', type.includes('json') ? await response.json() : { title: `${response.status} ${response.statusText}` });
          return;
        }
        if (!response.ok || !response.body) throw new Error(`${response.status}`);
        onState('live');
        wait = 1000;
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
              const event = JSON.parse(data.join('\n'));
              if (id) { last = id; lastEventId = event.eventId ?? null; }
              onEvent(event);
            }
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('connecting');
      await new Promise(r => setTimeout(r, wait));
      wait = Math.min(wait * 2, 30000);
    }
  }
  run();
  return () => { stopped = true; controller?.abort(); onState('off'); };
}
