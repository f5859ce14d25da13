// The timeline of one relationship as SVG: one lane per kind of item and identity, spans and points over effective
// time, partial dates drawn as uncertain windows, a day cursor, zoom and pan from 1776 to today. Keyboard: arrows move
// the cursor a day (shift: a year), + and - zoom, PageUp/PageDown pan, Home/End go to the first fact and today; Enter
// on a span selects it.

import { dayOf, dayText, today, windowOf, addYears, yearOf, firstDayOfYear } from './dates.js';
import { keepingFocus, shown } from './html.js';

const SVG = 'http://www.w3.org/2000/svg';
const EARLIEST = dayOf('1776-01-01');
const AXIS = 30, KIND_ROW = 20, LANE_ROW = 24, BAR = 12;

function el(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function colour(index, count) {
  return `hsl(${Math.round(index * 360 / Math.max(count, 1))}, 60%, 38%)`;
}

export class TimelineView {
  constructor(host, { onCursor, onSelect }) {
    this.host = host;
    this.onCursor = onCursor;
    this.onSelect = onSelect;
    this.data = null;
    this.cursor = today();
    this.view = { from: EARLIEST, to: today() + 365 };
    this.selected = null;
    this.svg = el('svg', {
      class: 'timeline', tabindex: '0', role: 'application', 'aria-roledescription': 'timeline',
      'aria-label': 'Timeline. Left and right arrows move the as-of cursor by a day, with Shift by a year; plus and minus zoom; Page Up and Page Down pan; Tab reaches each span, Enter shows its events.',
    });
    host.appendChild(this.svg);
    this.svg.addEventListener('keydown', e => this.key(e));
    this.svg.addEventListener('wheel', e => this.wheel(e), { passive: false });
    this.svg.addEventListener('pointerdown', e => this.pointerDown(e));
    new ResizeObserver(() => this.schedule()).observe(host);
  }

  get labelWidth() { return this.width < 640 ? 96 : 210; }
  get width() { return Math.max(this.host.clientWidth, 320); }
  x(day) { return this.labelWidth + (day - this.view.from) / (this.view.to - this.view.from) * (this.width - this.labelWidth - 12); }
  dayAt(px) { return Math.round(this.view.from + (px - this.labelWidth) / (this.width - this.labelWidth - 12) * (this.view.to - this.view.from)); }

  setData(data) {
    const first = this.data === null || this.data.relationship !== data.relationship;
    this.data = data;
    if (first) this.fit();
    this.schedule();
  }

  /** The earliest and latest days the data touches. */
  extent() {
    let min = Infinity, max = -Infinity;
    for (const kind of this.data?.kinds ?? [])
      for (const lane of kind.lanes)
        for (const item of lane.items) {
          min = Math.min(min, windowOf(item.start).start);
          max = Math.max(max, windowOf(item.end ?? item.start).end);
        }
    return min === Infinity ? null : { min, max };
  }

  fit() {
    const extent = this.extent();
    const to = today() + 60;
    const from = extent ? Math.max(EARLIEST, extent.min - Math.max(30, Math.round((to - extent.min) * 0.04))) : EARLIEST;
    this.setView(from, to);
  }

  setView(from, to) {
    const max = today() + 3650;
    const span = Math.min(Math.max(to - from, 20), max - EARLIEST);
    from = Math.min(Math.max(from, EARLIEST), max - span);
    this.view = { from, to: from + span };
    this.schedule();
  }

  zoom(factor, around = (this.cursor >= this.view.from && this.cursor <= this.view.to) ? this.cursor : (this.view.from + this.view.to) / 2) {
    const from = around - (around - this.view.from) * factor, to = around + (this.view.to - around) * factor;
    this.setView(Math.round(from), Math.round(to));
  }

  pan(days) { this.setView(this.view.from + days, this.view.to + days); }

  setCursor(day, emit = true) {
    day = Math.min(Math.max(day, EARLIEST), today() + 3650);
    this.cursor = day;
    const span = this.view.to - this.view.from;
    if (day < this.view.from) this.setView(day - Math.round(span * 0.1), day - Math.round(span * 0.1) + span);
    else if (day > this.view.to) this.setView(day + Math.round(span * 0.1) - span, day + Math.round(span * 0.1));
    this.schedule();
    if (emit) this.onCursor(day);
  }

  select(id) { this.selected = id; this.schedule(); }

  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = null; this.draw(); });
  }

  key(e) {
    const span = this.view.to - this.view.from;
    const handled = {
      ArrowLeft: () => this.setCursor(e.shiftKey ? addYears(this.cursor, -1) : this.cursor - 1),
      ArrowRight: () => this.setCursor(e.shiftKey ? addYears(this.cursor, 1) : this.cursor + 1),
      '+': () => this.zoom(0.5), '=': () => this.zoom(0.5), '-': () => this.zoom(2), '_': () => this.zoom(2),
      PageUp: () => this.pan(-Math.round(span / 2)), PageDown: () => this.pan(Math.round(span / 2)),
      Home: () => { const x = this.extent(); if (x) this.setCursor(x.min); },
      End: () => this.setCursor(today()),
      Enter: () => this.activate(e.target), ' ': () => this.activate(e.target),
    }[e.key];
    if (!handled) return;
    e.preventDefault();
    handled();
  }

  activate(target) {
    const g = target.closest?.('[data-select]');
    if (g) this.onSelect(JSON.parse(g.dataset.select));
  }

  wheel(e) {
    e.preventDefault();
    const rect = this.svg.getBoundingClientRect();
    this.zoom(e.deltaY > 0 ? 1.25 : 0.8, this.dayAt(e.clientX - rect.left));
  }

  pointerDown(e) {
    const rect = this.svg.getBoundingClientRect();
    const startX = e.clientX, startView = { ...this.view };
    const onAxis = e.clientY - rect.top < AXIS + 4 || e.target.closest?.('.cursor');
    const selectable = e.target.closest?.('[data-select]');
    let moved = false;
    const move = m => {
      if (Math.abs(m.clientX - startX) > 3) moved = true;
      if (!moved) return;
      if (onAxis) this.setCursor(this.dayAt(m.clientX - rect.left));
      else {
        const perPx = (startView.to - startView.from) / (this.width - this.labelWidth - 12);
        this.setView(Math.round(startView.from - (m.clientX - startX) * perPx), Math.round(startView.to - (m.clientX - startX) * perPx));
      }
    };
    const up = u => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      if (moved) return;
      if (selectable) this.onSelect(JSON.parse(selectable.dataset.select));
      else if (u.clientX - rect.left > this.labelWidth) this.setCursor(this.dayAt(u.clientX - rect.left));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  rows() {
    const rows = [];
    const kinds = this.data?.kinds ?? [];
    kinds.forEach((kind, i) => {
      const fill = colour(i, kinds.length);
      rows.push({ type: 'kind', kind, fill });
      for (const lane of kind.lanes) rows.push({ type: 'lane', kind, lane, fill });
    });
    const retracted = (this.data?.events ?? []).filter(e => e.retracted);
    if (retracted.length) {
      rows.push({ type: 'kind', kind: { name: 'retracted', title: 'Retracted events', lanes: [1] }, fill: '#777' });
      rows.push({ type: 'retracted', events: retracted, fill: '#777' });
    }
    return rows;
  }

  // Every draw makes every span anew; the one the keyboard is on keeps the focus (Enter on it draws it selected).
  draw() { keepingFocus(this.svg, () => this.drawAll()); }

  drawAll() {
    const svg = this.svg, width = this.width, rows = this.rows();
    const height = AXIS + rows.reduce((h, r) => h + (r.type === 'kind' ? KIND_ROW : LANE_ROW), 0) + 8;
    svg.replaceChildren();
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const defs = el('defs', {}, svg);
    const hatch = el('pattern', { id: 'uncertain', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
    el('rect', { width: 6, height: 6, fill: 'white', 'fill-opacity': 0.55 }, hatch);
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: 'white', 'stroke-width': 3 }, hatch);
    const clip = el('clipPath', { id: 'plot' }, defs);
    el('rect', { x: this.labelWidth, y: 0, width: width - this.labelWidth - 12, height }, clip);

    const bands = el('g', { 'aria-hidden': 'true' }, svg);
    this.drawAxis(svg, height);
    const plot = el('g', { 'clip-path': 'url(#plot)' }, svg);
    const labels = el('g', { class: 'labels' }, svg);
    const events = new Map((this.data?.events ?? []).map(e => [e.eventId, e]));
    let y = AXIS;
    for (const row of rows) {
      if (row.type === 'kind') {
        el('rect', { x: 0, y, width, height: KIND_ROW, class: 'kind-row' }, bands);
        el('rect', { x: 4, y: y + 6, width: 9, height: 9, fill: row.fill }, labels);
        const t = el('text', { x: 18, y: y + 14, class: 'kind-title' }, labels);
        t.textContent = row.kind.lanes.length ? row.kind.title + (row.kind.points ? ' (points)' : '') : `${row.kind.title} — none`;
        y += KIND_ROW;
        continue;
      }
      const label = el('text', { x: 10, y: y + 16, class: 'lane-label' }, labels);
      const text = row.type === 'lane' ? shown(row.lane.label) : 'retracted';
      label.textContent = this.clipText(text);
      el('title', {}, label).textContent = text;
      if (row.type === 'lane') for (const item of row.lane.items) this.drawItem(plot, row, item, y, events);
      else for (const e of row.events) this.drawRetracted(plot, e, y);
      y += LANE_ROW;
    }
    this.drawCursor(svg, height);
  }

  clipText(text) {
    const max = Math.floor((this.labelWidth - 14) / 6.4);
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  }

  drawAxis(svg, height) {
    const axis = el('g', { class: 'axis', 'aria-hidden': 'true' }, svg);
    el('rect', { x: this.labelWidth, y: 0, width: this.width - this.labelWidth - 12, height: AXIS, class: 'axis-band' }, axis);
    const pxPerYear = 365.25 / (this.view.to - this.view.from) * (this.width - this.labelWidth - 12);
    const step = [1, 2, 5, 10, 20, 25, 50, 100].find(s => s * pxPerYear >= 56) ?? 100;
    const first = Math.ceil(yearOf(this.view.from) / step) * step;
    for (let year = first; year <= yearOf(this.view.to); year += step) {
      const x = this.x(firstDayOfYear(year));
      if (x < this.labelWidth) continue;
      el('line', { x1: x, y1: AXIS - 6, x2: x, y2: height, class: 'tick' }, axis);
      el('text', { x: x + 3, y: 18, class: 'tick-label' }, axis).textContent = String(year);
    }
    const now = this.x(today());
    el('line', { x1: now, y1: AXIS, x2: now, y2: height, class: 'today' }, axis);
  }

  /** A span (or point) with its uncertain windows: the start's, and the end's or the next item's start. */
  drawItem(plot, row, item, y, events) {
    const start = windowOf(item.start);
    const end = item.end ? windowOf(item.end) : null;
    const startEvent = events.get(item.startEventId), endEvent = item.endEventId ? events.get(item.endEventId) : null;
    const corrected = !!(startEvent?.corrected || endEvent?.corrected);
    const g = el('g', {
      class: `span ${item.ending}${corrected ? ' corrected' : ''}${this.selected === item.startEventId ? ' selected' : ''}`,
      tabindex: '0', role: 'button',
      'data-kind': row.kind.name, 'data-start-event': item.startEventId, 'data-end-event': item.endEventId ?? '',
      'data-start': item.start, 'data-end': item.end ?? '', 'data-ending': item.ending, 'data-status': item.status,
      'data-select': JSON.stringify({ kind: row.kind.name, item }),
      'aria-label': `${row.kind.title} ${shown(item.label)}: ${shown(item.description)}, ${item.status}, ${item.ending === 'point' ? 'on' : 'from'} ${item.start}` +
        (item.end ? ` until ${item.end} (${item.ending})` : item.ending === 'open' ? ', still' : '') + (corrected ? ', corrected' : ''),
    }, plot);
    const top = y + (LANE_ROW - BAR) / 2;
    const rect = (from, to, cls) => el('rect', { x: this.x(from), y: top, width: Math.max(this.x(to) - this.x(from), 2), height: BAR, class: cls, fill: row.fill }, g);
    if (item.ending === 'point') {
      if (start.end > start.start) { rect(start.start, start.end + 1, 'window'); rect(start.start, start.end + 1, 'hatch').setAttribute('fill', 'url(#uncertain)'); }
      const cx = this.x((start.start + start.end + 1) / 2), cy = y + LANE_ROW / 2;
      el('path', { d: `M${cx} ${cy - 7}L${cx + 6} ${cy}L${cx} ${cy + 7}L${cx - 6} ${cy}Z`, fill: row.fill, class: 'point' }, g);
    } else {
      const solidFrom = start.end > start.start ? start.end + 1 : start.start;
      const solidTo = end ? end.start : today() + 1;
      if (start.end > start.start) { rect(start.start, start.end + 1, 'window'); rect(start.start, start.end + 1, 'hatch').setAttribute('fill', 'url(#uncertain)'); }
      if (solidTo > solidFrom) rect(solidFrom, solidTo, 'solid');
      if (end && end.end > end.start) { rect(end.start, end.end + 1, 'window'); rect(end.start, end.end + 1, 'hatch').setAttribute('fill', 'url(#uncertain)'); }
      if (item.ending === 'open') el('path', { d: `M${this.x(solidTo)} ${top}l6 ${BAR / 2}l-6 ${BAR / 2}Z`, fill: row.fill, class: 'open-arrow' }, g);
    }
    if (corrected) el('text', { x: this.x(start.start) + 2, y: top - 1, class: 'corrected-mark' }, g).textContent = '✎';
    el('title', {}, g).textContent = g.getAttribute('aria-label');
  }

  drawRetracted(plot, e, y) {
    const w = windowOf(e.effectiveDate);
    const cx = this.x((w.start + w.end + 1) / 2), cy = y + LANE_ROW / 2;
    const g = el('g', {
      class: 'span retracted-event', tabindex: '0', role: 'button', 'data-kind': 'retracted', 'data-start-event': e.eventId,
      'data-select': JSON.stringify({ kind: 'retracted', event: e.eventId }),
      'aria-label': `Retracted ${e.type} of ${e.effectiveDate}`,
    }, plot);
    el('path', { d: `M${cx - 5} ${cy - 5}L${cx + 5} ${cy + 5}M${cx + 5} ${cy - 5}L${cx - 5} ${cy + 5}`, class: 'cross' }, g);
    el('title', {}, g).textContent = g.getAttribute('aria-label');
  }

  drawCursor(svg, height) {
    const x = this.x(this.cursor);
    const g = el('g', { class: 'cursor', 'data-as-of': dayText(this.cursor), 'aria-hidden': 'true' }, svg);
    el('line', { x1: x, y1: 4, x2: x, y2: height, class: 'cursor-line' }, g);
    el('rect', { x: x - 5, y: 2, width: 10, height: AXIS - 6, rx: 2, class: 'cursor-handle' }, g);
    const label = el('text', { x: x + 8 > this.width - 90 ? x - 88 : x + 8, y: AXIS - 3, class: 'cursor-label' }, g);
    label.textContent = dayText(this.cursor);
  }
}
