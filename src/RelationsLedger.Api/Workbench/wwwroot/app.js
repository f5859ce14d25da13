// The workbench: asks for a key once per browser session, follows the event feed, and routes between the pages.

import * as api from './api.js';
import { h, problem, addressProblem, quoted } from './html.js';
import { dayText, today } from './dates.js';
import { relationshipPage } from './relationship.js';
import { partyPage } from './party.js';
import { changesPage } from './changes.js';

const main = document.getElementById('main');
const live = document.getElementById('live');
let page = null;
let stopFeed = null;

const app = {
  model: null,
  /** Shows a failure where it happened; a refused key sends the analyst back to the key form. */
  fail(error, where) {
    if (error instanceof api.Unauthorized) { signOut('The key was refused: enter a valid key.'); return; }
    where.replaceChildren(problem(error));
  },
};

function route() {
  page?.dispose();
  page = null;
  if (!api.key()) { keyForm(); return; }
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const raw = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query ?? '');
  const names = raw[0] === 'relationships' && raw.length === 3 ? ['a', 'b'] : raw[0] === 'parties' && raw.length === 2 ? ['party'] : null;
  if (!names) { page = changesPage(main, { params }, app); return; }
  const parties = partiesOf(names, raw.slice(1));
  if (parties.errors) { main.replaceChildren(addressProblem(parties.errors)); return; }
  if (names.length === 2) page = relationshipPage(main, { a: parties.values[0], b: parties.values[1], params }, app);
  else page = partyPage(main, { party: parties.values[0], params }, app);
}

/**
 * The parties of an address, decoded; or what is wrong with them. Checked here for what the API cannot see: an escape
 * that does not decode, and '.' or '..', which the browser resolves as a path's dot segments before asking (the page
 * asked /taliban/timeline for #/relationships/../taliban). Any other id goes to the API, which names what is wrong.
 */
function partiesOf(names, segments) {
  const values = [], errors = {};
  names.forEach((name, i) => {
    let value = null;
    try { value = decodeURIComponent(segments[i]); } catch { errors[name] = [`'${name}' ${quoted(segments[i])} is not a party id: its %-escapes do not decode to text.`]; }
    if (value === '.' || value === '..') errors[name] = [`'${name}' '${value}' is neither an ISO 3166-1 alpha-2 code (two upper-case letters, e.g. RU) nor a lower-case slug (e.g. taliban, isis-k).`];
    values.push(value);
  });
  return Object.keys(errors).length ? { errors } : { values };
}

function keyForm(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('forget-key').hidden = true;
  const input = h('input', { type: 'password', id: 'api-key', name: 'key', required: true, autocomplete: 'off', spellcheck: 'false' });
  const error = h('p', { class: 'key-error', role: 'alert' }, message ?? '');
  main.replaceChildren(h('section', { class: 'key-form' },
    h('h1', {}, 'RelationsLedger workbench'),
    h('p', {}, 'Enter a reader key (ledger api-key new --role reader, or the one ledger serve --demo printed). It is kept for this browser session only and sent only to this server.'),
    h('form', {
      onsubmit: async e => {
        e.preventDefault();
        error.textContent = '';
        const candidate = input.value.trim();
        const unsendable = notAKey(candidate);
        if (unsendable) { error.textContent = unsendable; input.focus(); return; }
        try {
          if (!await api.check(candidate)) { error.textContent = 'The key was refused: it is not one of the server\'s keys.'; input.focus(); return; }
        } catch (x) { error.textContent = x.message; return; }
        api.setKey(candidate);
        start();
      },
    }, h('label', { for: 'api-key' }, 'Reader key'), input, h('button', { type: 'submit' }, 'Open the workbench')),
    error));
  input.focus();
}

/**
 * What in a typed key no key holds, in the form's words; null when there is nothing. A key is printable ASCII (ledger api-key
 * new makes 'rl_' then base64url), and a pasted one may carry a character that is not: fetch throws on one beyond ISO-8859-1
 * (the form showed the browser's "Failed to execute 'fetch' on 'Window': … non ISO-8859-1 code point") and sends a tab or a
 * non-breaking space, to be refused as an unknown key. Named by its code point and place, nothing asked.
 */
function notAKey(candidate) {
  const characters = [...candidate];
  const at = characters.findIndex(c => c < '!' || c > '~');
  if (at < 0) return null;
  const code = characters[at].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `The key was refused: it holds U+${code} at its position ${at + 1}, and a key is printable ASCII ('rl_' then letters, digits, '-' and '_', as ledger api-key new makes it). Nothing was sent.`;
}

function signOut(message) {
  document.querySelector('.feed-lost')?.remove();
  stopFeed?.();
  stopFeed = null;
  api.forgetKey();
  keyForm(message);
}

/**
 * The feed was refused where the page had got to: the ledger no longer holds what the page showed as recorded (a store
 * put back from an older copy). Says so with the server's words, and offers to start again from the ledger as it is:
 * the pages are asked again, and the feed followed from the read model's position now.
 */
function feedLost(refusal) {
  document.querySelector('.feed-lost')?.remove();
  const banner = h('section', { class: 'feed-lost', role: 'alert' },
    h('strong', {}, 'The live feed stopped: the server refused to go on from the last event this page received.'), ' ',
    'What this page showed may no longer be the ledger\'s record (a store put back from an older copy?).',
    problem({ problem: refusal }),
    h('button', { type: 'button', onclick: () => { banner.remove(); start(); } }, 'Follow the ledger as it is now'));
  main.before(banner);
}

async function start() {
  document.querySelector('.feed-lost')?.remove();
  document.getElementById('nav').hidden = false;
  document.getElementById('forget-key').hidden = false;
  try {
    app.model ??= await api.get('/workbench/model.json');
    // Follow the feed from where the read model stands now: what is recorded from here on arrives live.
    const now = dayText(today());
    const head = await api.get(`/relationships/changed?from=${now}&to=${now}`);
    stopFeed?.();
    stopFeed = api.follow(head.readModel?.position === 'start' ? null : head.readModel?.position, e => page?.onEvent(e), (state, refusal) => {
      live.dataset.state = state;
      live.textContent = { live: 'live', connecting: 'connecting…', refused: 'key refused', lost: 'feed stopped', off: 'offline' }[state];
      if (state === 'refused') signOut('The key was refused: enter a valid key.');
      if (state === 'lost') feedLost(refusal);
    });
  } catch (e) {
    if (e instanceof api.Unauthorized) { signOut('The key was refused: enter a valid key.'); return; }
    main.replaceChildren(problem(e));
    return;
  }
  route();
}

document.getElementById('forget-key').addEventListener('click', () => signOut('The key is forgotten. Enter a key to go on.'));
document.getElementById('open-relationship').addEventListener('submit', e => {
  e.preventDefault();
  const f = new FormData(e.target);
  location.hash = `#/relationships/${encodeURIComponent(f.get('a').trim())}/${encodeURIComponent(f.get('b').trim())}`;
});
document.getElementById('open-party').addEventListener('submit', e => {
  e.preventDefault();
  location.hash = `#/parties/${encodeURIComponent(new FormData(e.target).get('party').trim())}`;
});
window.addEventListener('hashchange', () => { if (api.key()) route(); });
if (api.key()) start(); else keyForm();
