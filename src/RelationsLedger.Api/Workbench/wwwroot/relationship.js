// The relationship page: the timeline, the as-of cursor with the state as of that day (the API's own answer), the
// known-at control over the moments the record changed, and the provenance of what is selected.

import * as api from './api.js';
import { h, certainty, problem, addressProblem, staleness, redraw, sourceTitle, sourceAddress } from './html.js';
import { TimelineView } from './timeline.js';
import { dayOf, dayText, today, momentText, momentPosition, isDay, notADay } from './dates.js';

export function relationshipPage(main, route, app) {
  const { a, b } = route;
  // A day in the address that is none would put the cursor on another day (2024-02-30 on 2024-03-01) or on none at all.
  if (route.params.has('asOf') && !isDay(route.params.get('asOf'))) {
    main.replaceChildren(addressProblem({ asOf: [notADay('asOf', route.params.get('asOf'))] }));
    return { onEvent() {}, dispose() {} };
  }
  let asOf = route.params.get('asOf') ?? dayText(today());
  let knownAt = route.params.get('knownAt');
  let data = null;
  let selection = null;
  let loads = { timeline: null, state: null };

  const asOfInput = h('input', { type: 'date', id: 'as-of', value: asOf, min: '1776-01-01', 'aria-describedby': 'as-of-help' });
  const knownAtInput = h('input', { type: 'range', id: 'known-at', min: '0', max: '0', step: '1', value: '0', 'aria-describedby': 'known-at-text' });
  const knownAtText = h('output', { id: 'known-at-text', for: 'known-at' }, 'now');
  const host = h('div', { class: 'timeline-host' });
  const statePanel = h('section', { class: 'state-panel', 'aria-live': 'polite', 'aria-labelledby': 'state-title' });
  const provenance = h('section', { class: 'provenance', 'aria-labelledby': 'provenance-title' },
    h('h2', { id: 'provenance-title' }, 'Provenance'), h('p', { class: 'hint' }, 'Select a span or a point (click, or Tab to it and press Enter) to see the events behind it.'));
  const status = h('p', { class: 'status', role: 'status' });

  const view = new TimelineView(host, {
    onCursor: day => { asOf = dayText(day); asOfInput.value = asOf; remember(); loadState(); },
    onSelect: s => { selection = s; view.select(s.item?.startEventId ?? s.event); showProvenance(); },
  });
  view.cursor = dayOf(asOf);

  const button = (text, label, action) => h('button', { type: 'button', 'aria-label': label, onclick: action }, text);
  main.replaceChildren(h('section', { class: 'relationship' },
    h('h1', {}, `${a} — ${b}`),
    h('div', { class: 'controls' },
      h('div', { class: 'control' }, h('label', { for: 'as-of' }, 'As of'), asOfInput,
        h('span', { id: 'as-of-help', class: 'help' }, 'or move the cursor: ← → a day, Shift a year')),
      h('div', { class: 'control known-at' }, h('label', { for: 'known-at' }, 'Known at'), knownAtInput, knownAtText)),
    h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Timeline view' },
      button('+', 'Zoom in', () => view.zoom(0.5)), button('−', 'Zoom out', () => view.zoom(2)), button('Fit', 'Fit the record', () => view.fit()),
      button('◀', 'Earlier', () => view.pan(-Math.round((view.view.to - view.view.from) / 2))),
      button('▶', 'Later', () => view.pan(Math.round((view.view.to - view.view.from) / 2))),
      h('span', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'swatch solid' }), 'certain ', h('span', { class: 'swatch window' }), 'partial date: possible ',
        h('span', { class: 'swatch diamond' }), 'point ', '✎ corrected ', '✕ retracted')),
    host, status,
    h('div', { class: 'panels' }, statePanel, provenance)));

  function remember() {
    const params = new URLSearchParams({ asOf });
    if (knownAt) params.set('knownAt', knownAt);
    history.replaceState(null, '', `#/relationships/${encodeURIComponent(a)}/${encodeURIComponent(b)}?${params}`);
  }

  function query(extra = {}) {
    const params = new URLSearchParams(extra);
    if (knownAt) params.set('knownAt', knownAt);
    return params.toString();
  }

  asOfInput.addEventListener('change', () => {
    if (!asOfInput.value) return;
    asOf = asOfInput.value;
    view.setCursor(dayOf(asOf), false);
    remember();
    loadState();
  });

  let knownAtTimer = null;
  // An address's moment before the first the record changed at: the control's one step left of the first moment, where
  // nothing is known yet (its place while the page shows it); null when the address names no such moment.
  let beforeFirst = null;
  knownAtInput.addEventListener('input', () => {
    const i = Number(knownAtInput.value);
    knownAt = i < 0 ? beforeFirst : data && i < data.moments.length ? data.moments[i] : null;
    describeKnownAt();
    clearTimeout(knownAtTimer);
    knownAtTimer = setTimeout(() => { remember(); loadTimeline(); }, 150);
  });

  function describeKnownAt() {
    const count = data?.moments.length ?? 0;
    knownAtText.value = knownAt ? `as known at ${momentText(knownAt)}` : `now (all ${count} recorded moments)`;
    knownAtInput.setAttribute('aria-valuetext', knownAtText.value);
    main.querySelector('.relationship').dataset.knownAt = knownAt ?? 'now';
  }

  async function loadTimeline() {
    loads.timeline?.abort();
    const controller = loads.timeline = new AbortController();
    try {
      data = await api.get(`/relationships/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline?${query()}`, { signal: controller.signal });
      knownAtInput.max = String(data.moments.length);
      // The address's moment may be written otherwise than the timeline's, or fall between two: the control stands at the
      // last moment known then (before: at the first, and one step right jumped back to the second).
      const position = knownAt ? momentPosition(data.moments, knownAt) : data.moments.length;
      if (position < 0) beforeFirst = knownAt;
      knownAtInput.min = beforeFirst ? '-1' : '0';
      knownAtInput.value = String(position);
      describeKnownAt();
      status.textContent = data.events.length === 0 ? `Nothing is recorded for ${a} and ${b}${knownAt ? ' as known then' : ''}.` : '';
      host.dataset.knownAt = knownAt ?? 'now';
      view.setData(data);
      host.dataset.loaded = 'true';
      if (selection) showProvenance();
      loadState();
    } catch (e) {
      if (e.name !== 'AbortError') app.fail(e, status);
    }
  }

  async function loadState() {
    loads.state?.abort();
    const controller = loads.state = new AbortController();
    const [day, known] = [asOf, knownAt];
    try {
      const state = await api.get(`/relationships/${encodeURIComponent(a)}/${encodeURIComponent(b)}/state?${query({ asOf: day })}`, { signal: controller.signal });
      showState(state, day, known);
    } catch (e) {
      if (e.name !== 'AbortError') app.fail(e, statePanel);
    }
  }

  function describeItem(kind, item) {
    for (const k of data?.kinds ?? []) if (k.name === kind)
      for (const lane of k.lanes) for (const i of lane.items) if (i.startEventId === item.eventId) return i.description;
    return Object.entries(item).filter(([k, v]) => typeof v === 'string' && !['eventId', 'since', 'on', 'certainty'].includes(k)).map(([, v]) => v).join(' · ');
  }

  function showState(state, day, known) {
    const sections = [];
    for (const kind of app.model.kinds) {
      const section = state[kind.name];
      const entries = kind.shape === 'single' ? (section ? [{ status: section.status, certainty: section.certainty, item: section }] : [])
        : kind.shape === 'latest' ? section.map(item => ({ status: 'recorded', certainty: item.certainty, item, latest: true }))
        : section;
      if (entries.length === 0) continue;
      sections.push(h('div', { class: 'state-kind', dataset: { kind: kind.name } }, h('h3', {}, kind.title),
        h('ul', {}, entries.map(entry => h('li', {
          dataset: { kind: kind.name, eventId: entry.item.eventId, status: entry.status, certainty: entry.certainty ?? '' },
        }, h('span', { class: 'what' }, describeItem(kind.name, entry.item)), ' ',
          entry.certainty && !entry.latest ? h('span', { class: `status ${entry.status}` }, entry.status === 'ended' ? `ended ${entry.item.ended.on}` : `${entry.status.replace('-', ' ')} since ${entry.item.since}`) : h('span', { class: 'status' }, entry.item.since ?? entry.item.on ?? ''),
          entry.certainty ? [' ', certainty(entry.certainty)] : null,
          entry.status === 'ended' && entry.item.ended ? h('span', { class: 'reason' }, ` — ${entry.item.ended.type}${entry.item.ended.reason ? `: ${entry.item.ended.reason}` : ''}`) : null)))));
    }
    statePanel.replaceChildren(
      h('h2', { id: 'state-title' }, `State as of ${day}`, known ? h('small', {}, ` as known at ${momentText(known)}`) : null),
      staleness(state) ?? '',
      ...(sections.length ? sections : [h('p', { class: 'empty' }, 'Nothing holds as of this day.')]));
    statePanel.dataset.asOf = day;
    statePanel.dataset.knownAt = known ?? 'now';
  }

  function eventCard(title, id) {
    const e = data?.events.find(x => x.eventId === id);
    if (!e) return h('div', { class: 'event' }, h('h3', {}, title), h('p', {}, `Event ${id} is not known ${knownAt ? 'at that moment' : ''}.`));
    const jump = target => h('button', { type: 'button', class: 'link', onclick: () => { selection = { kind: 'event', event: target }; showProvenance(); } }, target);
    const row = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
    return h('article', { class: 'event', dataset: { eventId: e.eventId } },
      h('h3', {}, `${title}: ${e.type}`, e.corrected ? h('span', { class: 'flag' }, ' corrected') : null, e.retracted ? h('span', { class: 'flag' }, ' retracted') : null),
      h('dl', {},
        row('effective', e.effectiveDate, e.effectiveNow && e.effectiveNow !== e.effectiveDate ? ` (corrected to ${e.effectiveNow})` : ''),
        row('recorded at', momentText(e.recordedAt)),
        row('recorded by', e.recordedBy),
        e.recordedThrough ? row('recorded through key', e.recordedThrough) : [],
        row('sources', h('ul', {}, e.sources.map(s => h('li', {},
          sourceTitle(s), ` — ${s.publisher}`, s.publishedOn ? `, ${s.publishedOn}` : '', s.reference ? ` (${s.reference})` : '', sourceAddress(s))))),
        row('correlation id', e.correlationId),
        row('causation id', e.causationId),
        row('event id', e.eventId, ` (revision ${e.revision})`),
        e.mends ? row('mends', jump(e.mends)) : [],
        e.mendedBy.length ? row('mended by', ...e.mendedBy.flatMap(m => [jump(m), ' '])) : []));
  }

  function showProvenance() {
    const parts = [h('h2', { id: 'provenance-title' }, 'Provenance')];
    if (selection?.item) {
      const item = selection.item;
      parts.push(h('p', { class: 'selected' }, h('strong', {}, item.label), ` — ${item.description}; ${item.status}, ${item.ending === 'point' ? 'on' : 'from'} ${item.start}`,
        item.end ? ` until ${item.end} (${item.ending})` : ''));
      parts.push(eventCard(item.ending === 'point' ? 'Event' : 'Started by', item.startEventId));
      if (item.endEventId) parts.push(eventCard(item.ending === 'replaced' ? 'Replaced by' : 'Ended by', item.endEventId));
    } else if (selection?.event) parts.push(eventCard('Event', selection.event));
    redraw(provenance, ...parts);
    provenance.dataset.selected = selection?.item?.startEventId ?? selection?.event ?? '';
  }

  let reload = null;
  loadTimeline();
  return {
    onEvent(e) {
      // By the parties, not by the timeline's stream: before the first timeline arrives there is none, and an event
      // recorded after that timeline was answered was dropped — the page showed the record without it, as current.
      const parties = e.stream.replace(/^relationship-/, '').split('~');
      if (!parties.includes(a) || !parties.includes(b)) return;
      clearTimeout(reload);
      reload = setTimeout(loadTimeline, 100);
    },
    dispose() { loads.timeline?.abort(); loads.state?.abort(); },
  };
}
