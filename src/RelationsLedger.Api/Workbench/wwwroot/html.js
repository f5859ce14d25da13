// Elements made from data without innerHTML: text is always text, never markup.

export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : shown(String(child)));
  return node;
}

/**
 * Characters that draw nothing — format characters (Cf) and Unicode's default-ignorable code points: a zero-width space, a soft
 * hyphen, a byte order mark, a direction override, a tag… — as the ledger's InvisibleCharacters names them (one rule, in
 * src/RelationsLedger.Application/Commands/Recording/InvisibleCharacters.cs; PageTextTests holds the two to the same answers).
 */
const invisible = /[\p{Cf}\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/u;
const inWord = c => c !== undefined && c.codePointAt(0) > 0x7f && !invisible.test(c) && !/\s/u.test(c);

/**
 * Text from the ledger with every invisible character shown as ⟨U+200B⟩: a name recorded with one before the ledger refused
 * them (docs/events.md, "Invisible characters") must not look like the name without it, and a direction override must not
 * reorder the page. A joiner (U+200C, U+200D) between two visible characters that are not ASCII (a Persian name, an emoji)
 * draws the word and is left as it is.
 */
export function shown(text) {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const cs = [...text];
  return cs.map((c, i) => invisible.test(c) && !((c === '\u200c' || c === '\u200d') && inWord(cs[i - 1]) && inWord(cs[i + 1]))
    ? `⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩` : c).join('');
}

/**
 * The address a source's link opens: its URL as the browser reads it when that is an http(s) URL, else null. The ledger
 * records only absolute http(s) URLs, but a page is no place to trust the file: a record rewritten by another client of the
 * store and sealed again (docs/audit.md) could carry a javascript:, data: or vbscript: URL, or one the browser would read
 * as a path on this server. Read without a base, nothing is resolved against the page's own address; the link is the
 * URL the browser parsed (its href), so what is followed is what was checked.
 */
export function webAddress(url) {
  let parsed;
  try { parsed = new URL(url); } catch { return null; }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** A source's title: a link to its URL (a new tab, no referrer, no opener) when that is a web address, else text. */
export function sourceTitle(source) {
  const href = source.url ? webAddress(source.url) : null;
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'source-link' }, source.title) : source.title;
}

/**
 * A source's URL as recorded, beside its title: a link's text is the title a recorder wrote, and only this says where it
 * leads (https://www.reuters.com@evil.example/ is evil.example's page). One that is no web address is said to be unlinked.
 */
export function sourceAddress(source) {
  if (!source.url) return null;
  const linked = webAddress(source.url) !== null;
  return h('div', { class: linked ? 'source-url' : 'source-url unlinked', dataset: { linked: String(linked) } },
    linked ? source.url : `${source.url} — not an http(s) address: not linked`);
}

/** A certainty badge: certain, or possible when a partial date straddles the day. */
export function certainty(value) {
  return h('span', { class: `badge ${value}`, title: value === 'possible' ? 'Only possible: a partial date straddles the day' : 'Certain' }, value);
}

export function link(href, text) { return h('a', { href }, text); }

/**
 * Runs draw, which makes container's content anew, with the keyboard left where it was. A list, card or timeline drawn
 * again when a live event arrives (or a span is selected, or the window resized) would otherwise drop a keyboard user's
 * focus to the page, and the next Tab would begin again at its top: the element the focus was on is found again among
 * the new ones (the same kind, target and text, the same place among its likes), else the container takes it.
 */
export function keepingFocus(container, draw) {
  const focused = document.activeElement;
  const place = focused && focused !== container && container.contains(focused) ? placeOf(container, focused) : null;
  draw();
  if (!place) return;
  const again = likes(container, place.key)[place.index];
  if (again) { again.focus({ preventScroll: true }); return; }
  if (!container.hasAttribute('tabindex')) container.tabIndex = -1;
  container.focus({ preventScroll: true });
}

/** container.replaceChildren(...children), the keyboard left where it was (keepingFocus). */
export function redraw(container, ...children) { keepingFocus(container, () => container.replaceChildren(...children)); }

const keyOf = e => `${e.tagName}|${e.getAttribute('href') ?? ''}|${e.textContent}`;
const likes = (container, key) => [...container.querySelectorAll(key.slice(0, key.indexOf('|')))].filter(e => keyOf(e) === key);

function placeOf(container, focused) {
  const key = keyOf(focused);
  return { key, index: likes(container, key).indexOf(focused) };
}

/** A problem as the API gives it, for the page: its title and what to do. */
export function problem(error) {
  const p = error.problem;
  const lines = p?.errors ? Object.entries(p.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`) : [];
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, p?.title ?? 'Something went wrong.'), ' ', p?.detail ?? error.message,
    lines.length ? h('ul', {}, lines.map(l => h('li', {}, l))) : null);
}

/** A mistake in the page's own address (#/…), found before anything is asked: named by its parameter, as the API names them. */
export function addressProblem(errors) {
  return problem({ problem: { title: 'The address is invalid.', detail: 'Nothing was asked: correct the address (or use the forms above).', errors } });
}

/**
 * Warnings about the read model an answer comes from; null when there is nothing to say.
 * - Not current (a projection stopped on an event, or its disk full): the API still answers, from what is projected, and
 *   says so in readModel — the page says so too, else it showed a state without the events recorded since, beside a
 *   timeline (which replays the log) that has them.
 * - Events passed over (readModel.passedOver: another client of the store wrote them into a relationship's stream, or they
 *   were changed since): an answer across relationships leaves them out, and the page names them, so that no one takes it
 *   for a clean ledger's answer. Entries of kind 'removed' name a relationship whose events the store's global log no longer
 *   holds (the server removed them: a scavenge after another client truncated or deleted its stream): it is left out whole.
 */
export function staleness(...answers) {
  const models = answers.map(a => a?.readModel).filter(m => m);
  const behind = models.find(m => !m.isCurrent);
  const passed = models.map(m => m.passedOver).filter(p => p).sort((a, b) => b.count - a.count)[0];
  if (!behind && !passed) return null;
  return h('div', { class: 'read-model-warnings' },
    behind ? h('p', { class: 'stale', role: 'alert', dataset: { behind: String(behind.behind) } },
      h('strong', {}, `Not current: this answer misses the last ${behind.behind} event${behind.behind === 1 ? '' : 's'} of the log.`), ' ',
      behind.failure ?? 'The read model could not be brought up to date.') : null,
    passed ? h('div', { class: 'stale passed-over', role: 'alert', dataset: { passedOver: String(passed.count) } },
      passed.events.some(e => e.kind === 'removed')
        ? h('strong', {}, `This answer leaves out ${passed.count} finding${passed.count === 1 ? '' : 's'} of relationships the read model does not hold whole.`)
        : h('strong', {}, `This answer leaves out ${passed.count} event${passed.count === 1 ? '' : 's'} that ${passed.count === 1 ? 'is' : 'are'} not the ledger's.`), ' ',
      passed.events.some(e => e.kind === 'removed')
        ? 'Events that are not the ledger\'s (another client of the store wrote them, or they were changed since they were recorded), or events the store\'s global log no longer holds (removed on the server); questions about their relationships are refused. '
        : 'Another client of the store wrote them, or they were changed since they were recorded; questions about their relationships are refused. ',
      '\'ledger verify\' names every one.',
      h('ul', {}, passed.events.map(e => h('li', { dataset: { eventId: e.eventId } }, e.kind === 'removed'
        ? `${e.stream} (position ${e.position}): ${e.unreadable}`
        : `${e.stream} revision ${e.revision}, event ${e.eventId} (position ${e.position}): ${e.unreadable}`)),
        passed.count > passed.events.length ? h('li', {}, `… and ${passed.count - passed.events.length} more.`) : null)) : null);
}

/**
 * A value as the API's errors quote it (EchoedText): whole up to 200 characters, else its first 60 and last 20 (never half
 * of a character) and its length — an address can carry a value of any length, and the page need not repeat it all.
 */
export function quoted(text) {
  if (text.length <= 200) return `'${text}'`;
  const head = /[\ud800-\udbff]/.test(text[59]) ? 59 : 60;
  const tail = /[\udc00-\udfff]/.test(text[text.length - 20]) ? 19 : 20;
  return `'${text.slice(0, head)}…${text.slice(text.length - tail)}' (${text.length.toLocaleString('en-US')} characters)`;
}
