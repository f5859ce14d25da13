// The party page: who designates the party and whom it designates, its missions of at least a level, and its
// relationships — as of a chosen day, each item with its certainty.

import * as api from './api.js';
import { h, certainty, link, addressProblem, staleness, redraw } from './html.js';
import { dayText, today, isDay, notADay } from './dates.js';

export function partyPage(main, route, app) {
  const party = route.party;
  if (route.params.has('asOf') && !isDay(route.params.get('asOf'))) {
    main.replaceChildren(addressProblem({ asOf: [notADay('asOf', route.params.get('asOf'))] }));
    return { onEvent() {}, dispose() {} };
  }
  let asOf = route.params.get('asOf') ?? dayText(today());
  let atLeast = route.params.get('atLeast') ?? app.model.missionLevels[app.model.missionLevels.length - 1];
  const asOfInput = h('input', { type: 'date', id: 'party-as-of', value: asOf, min: '1776-01-01' });
  const levelInput = h('select', { id: 'at-least' }, app.model.missionLevels.map(l => h('option', { value: l, selected: l === atLeast }, l)));
  const body = h('div', { class: 'party-body', 'aria-live': 'polite' });
  main.replaceChildren(h('section', { class: 'party' },
    h('h1', {}, `Party ${party}`),
    h('form', { class: 'controls', onsubmit: e => e.preventDefault() },
      h('div', { class: 'control' }, h('label', { for: 'party-as-of' }, 'As of'), asOfInput),
      h('div', { class: 'control' }, h('label', { for: 'at-least' }, 'Missions of at least'), levelInput)),
    body));

  const timeline = rel => {
    const [x, y] = rel.split('~');
    return `#/relationships/${encodeURIComponent(x)}/${encodeURIComponent(y)}?${new URLSearchParams({ asOf })}`;
  };
  const list = (title, name, items, render) => h('section', { class: 'party-list', dataset: { list: name } }, h('h2', {}, title),
    items.length ? h('ul', {}, items.map(render)) : h('p', { class: 'empty' }, 'None as of this day.'));
  const item = (view, ...what) => h('li', { dataset: { relationship: view.relationship, eventId: view.item.eventId, status: view.status, certainty: view.certainty } },
    ...what, ' ', h('span', { class: `status ${view.status}` }, view.status === 'ended' ? `ended ${view.item.ended?.on ?? ''} (possibly still in force)` : `since ${view.item.since}`),
    // A mission listed as it was before a lowering that may be ahead (missions-of): the level the ledger has it at now, as the CLI says it.
    view.possiblyChangedTo ? ` possibly lowered to ${view.possiblyChangedTo.level} (${view.possiblyChangedTo.since})` : '',
    ' ', certainty(view.certainty), ' ', link(timeline(view.relationship), 'timeline'));

  // Only the latest question is answered on the page: an earlier one still on its way is dropped, else its late
  // answer replaced the latest one's under the latest day's heading.
  let loading = null;
  async function load() {
    loading?.abort();
    const controller = loading = new AbortController();
    const signal = controller.signal;
    history.replaceState(null, '', `#/parties/${encodeURIComponent(party)}?${new URLSearchParams({ asOf, atLeast })}`);
    const p = encodeURIComponent(party);
    // Every value as one parameter of the question, whatever it holds (an address could smuggle '&knownAt=…' in asOf).
    const ask = (what, parameters) => api.get(`/parties/${p}/${what}${parameters ? `?${new URLSearchParams(parameters)}` : ''}`, { signal });
    try {
      const [of, by, missions, relationships] = await Promise.all([
        ask('designations-of', { asOf }), ask('designations-by', { asOf }), ask('missions-of', { asOf, atLeast }), ask('relationships')]);
      const holding = relationships.relationships.filter(r => r.since && r.since <= asOf);
      redraw(body,
        staleness(of, by, missions, relationships) ?? '',
        list(`Designated by (${of.items.length})`, 'designations-of', of.items, v => item(v, h('strong', {}, v.item.actor), ` lists ${party} on '${v.item.list}' (${v.item.authority})`)),
        list(`Designates (${by.items.length})`, 'designations-by', by.items, v => item(v, `${party} lists `, h('strong', {}, v.item.counterpart), ` on '${v.item.list}'`)),
        list(`Missions of at least ${atLeast} (${missions.items.length})`, 'missions-of', missions.items, v => item(v, h('strong', {}, v.item.level), ` in ${v.item.counterpart}`, v.item.city ? ` (${v.item.city})` : '')),
        h('section', { class: 'party-list', dataset: { list: 'relationships' } }, h('h2', {}, `Relationships with a fact by ${asOf} (${holding.length} of ${relationships.relationships.length})`),
          relationships.relationships.length ? h('ul', {}, relationships.relationships.map(r => h('li', { dataset: { relationship: r.relationship }, class: r.since && r.since <= asOf ? '' : 'later' },
            link(timeline(r.relationship), r.other), ` — ${r.events} events, first fact ${r.since ?? 'none'}`))) : h('p', { class: 'empty' }, 'No relationships.')));
      body.dataset.asOf = asOf;
    } catch (e) {
      if (e.name !== 'AbortError') app.fail(e, body);
    }
  }
  asOfInput.addEventListener('change', () => { if (asOfInput.value) { asOf = asOfInput.value; load(); } });
  levelInput.addEventListener('change', () => { atLeast = levelInput.value; load(); });
  load();
  let reload = null;
  return {
    onEvent(e) {
      if (!e.stream.replace('relationship-', '').split('~').includes(party)) return;
      clearTimeout(reload);
      reload = setTimeout(load, 100);
    },
    dispose() { clearTimeout(reload); loading?.abort(); },
  };
}
