// Changes: the relationships with a fact that took effect in a window, and the events recorded while the page is open,
// as they arrive on the feed.

import * as api from './api.js';
import { h, certainty, link, addressProblem, staleness, redraw } from './html.js';
import { dayOf, dayText, today, addYears, momentText, isDay, notADay, windowOf } from './dates.js';

export function changesPage(main, route, app) {
  const wrong = {};
  for (const name of ['from', 'to']) if (route.params.has(name) && !isDay(route.params.get(name))) wrong[name] = [notADay(name, route.params.get(name))];
  if (Object.keys(wrong).length) {
    main.replaceChildren(addressProblem(wrong));
    return { onEvent() {}, dispose() {} };
  }
  let from = route.params.get('from') ?? dayText(addYears(today(), -10));
  let to = route.params.get('to') ?? dayText(today());
  const fromInput = h('input', { type: 'date', id: 'changes-from', value: from, min: '1776-01-01' });
  const toInput = h('input', { type: 'date', id: 'changes-to', value: to, min: '1776-01-01' });
  const live = h('ol', { class: 'live-events', 'aria-live': 'polite', reversed: true });
  const body = h('div', { class: 'changes-body' });
  const timeline = rel => `#/relationships/${rel.split('~').map(encodeURIComponent).join('/')}`;
  main.replaceChildren(h('section', { class: 'changes' },
    h('h1', {}, 'Changes'),
    h('section', { class: 'live-panel' }, h('h2', {}, 'Recorded while this page is open'), live,
      h('p', { class: 'hint' }, 'New events arrive from the feed as they are recorded.')),
    h('form', { class: 'controls', onsubmit: e => { e.preventDefault(); from = fromInput.value; to = toInput.value; load(); } },
      h('div', { class: 'control' }, h('label', { for: 'changes-from' }, 'Took effect from'), fromInput),
      h('div', { class: 'control' }, h('label', { for: 'changes-to' }, 'to'), toInput),
      h('button', { type: 'submit' }, 'Show')),
    body));

  let loading = null; // the question on its way: a later one drops it, so a late answer never replaces the latest
  async function load() {
    loading?.abort();
    const controller = loading = new AbortController();
    history.replaceState(null, '', `#/changes?${new URLSearchParams({ from, to })}`);
    try {
      const answer = await api.get(`/relationships/changed?${new URLSearchParams({ from, to })}`, { signal: controller.signal });
      redraw(body, staleness(answer) ?? '', h('h2', {}, `${answer.relationships.length} relationships changed between ${from} and ${to}`),
        h('ul', { class: 'changed' }, answer.relationships.map(r => h('li', { dataset: { relationship: r.relationship } },
          link(timeline(r.relationship), r.relationship),
          h('ul', {}, r.changes.map(c => h('li', { dataset: { eventId: c.eventId } }, `${c.effectiveDate} ${c.type} `, certainty(c.certainty),
            h('small', {}, ` recorded ${momentText(c.recordedAt)}`))))))));
    } catch (e) {
      if (e.name !== 'AbortError') app.fail(e, body);
    }
  }
  load();
  let reload = null;
  return {
    onEvent(e) {
      const rel = e.stream.replace('relationship-', '');
      live.prepend(h('li', { dataset: { eventId: e.eventId } }, link(timeline(rel), rel), ` ${e.type}, effective ${e.effectiveDate}, by ${e.recordedBy}${e.recordedThrough ? ` through key ${e.recordedThrough}` : ''} `,
        h('small', {}, `at ${momentText(e.recordedAt)}`)));
      // The list answers for its window: an event dated in it (or mending another, whose date may be) can change it.
      if (e.mends || e.unreadable || within(e.effectiveDate, from, to)) {
        clearTimeout(reload);
        reload = setTimeout(load, 100);
      }
    },
    dispose() { clearTimeout(reload); loading?.abort(); },
  };
}

/** Whether a date (YYYY, YYYY-MM or YYYY-MM-DD: a partial date is the window it names) meets the days from…to. */
function within(date, from, to) {
  if (!date) return false;
  const { start, end } = windowOf(date);
  return start <= dayOf(to) && end >= dayOf(from);
}
