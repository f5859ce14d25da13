// Elements made from data without innerHTML: text is always text, never markup.

export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  return node;
}

/** A certainty badge: certain, or possible when a partial date straddles the day. */
export function certainty(value) {
  return h('span', { class: `badge ${value}`, title: value === 'possible' ? 'Only possible: a partial date straddles the day' : 'Certain' }, value);
}

export function link(href, text) { return h('a', { href }, text); }

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
 * A warning when an answer comes from a read model that is not current (a projection stopped on an event, or its disk
 * full): the API still answers, from what is projected, and says so in readModel — the page says so too, else it showed
 * a state without the events recorded since, beside a timeline (which replays the log) that has them. Null when current.
 */
export function staleness(...answers) {
  const model = answers.map(a => a?.readModel).find(m => m && !m.isCurrent);
  if (!model) return null;
  return h('p', { class: 'stale', role: 'alert', dataset: { behind: String(model.behind) } },
    h('strong', {}, `Not current: this answer misses the last ${model.behind} event${model.behind === 1 ? '' : 's'} of the log.`), ' ',
    model.failure ?? 'The read model could not be brought up to date.');
}
