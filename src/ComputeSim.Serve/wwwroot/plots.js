// Plots drawn as plain SVG: line chart, Pareto scatter with hover, heatmap, bars. No library: the page
// works offline and its colours follow the theme's CSS variables.
'use strict';

const Plots = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 600, H = 300;
  const M = { left: 64, right: 16, top: 12, bottom: 44 };

  function el(name, attrs, parent, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function reset(svg) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  }

  function note(svg, text) {
    reset(svg);
    el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'note' }, svg, text);
  }

  // Numbers as people read them: 7B, 1.2K, 0.35.
  function human(v) {
    if (v === null || v === undefined || !isFinite(v)) return 'n/a';
    const a = Math.abs(v);
    const units = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
    for (const [size, unit] of units) if (a >= size) return trim(v / size) + unit;
    return trim(v);
  }
  function trim(v) { return String(Number(v.toPrecision(3))); }
  function usd(v) { return v === null || v === undefined || !isFinite(v) ? 'n/a' : '$' + human(v); }

  function extent(values) {
    const finite = values.filter(v => isFinite(v));
    return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  }

  // A linear or log10 scale onto [r0, r1], with ticks a reader can take in at a glance.
  function scale([d0, d1], [r0, r1], log) {
    if (log) {
      const l0 = Math.log10(d0 > 0 ? d0 : 1), l1 = Math.log10(d1 > 0 ? d1 : 10);
      const lo = l1 - l0 < 1e-9 ? l0 - 0.5 : l0, hi = l1 - l0 < 1e-9 ? l1 + 0.5 : l1;
      const map = v => r0 + (Math.log10(v) - lo) / (hi - lo) * (r1 - r0);
      const ticks = [];
      for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
        for (const m of hi - lo < 2 ? [1, 2, 5] : [1]) {
          const t = m * Math.pow(10, e);
          if (Math.log10(t) >= lo - 1e-9 && Math.log10(t) <= hi + 1e-9) ticks.push(t);
        }
      }
      return { map, ticks };
    }
    if (d1 - d0 < 1e-12) { d0 -= 1; d1 += 1; }
    const step = niceStep((d1 - d0) / 5);
    const lo = Math.floor(d0 / step) * step, hi = Math.ceil(d1 / step) * step;
    const map = v => r0 + (v - lo) / (hi - lo) * (r1 - r0);
    const ticks = [];
    for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
    return { map, ticks };
  }
  function niceStep(raw) {
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  function axes(svg, x, y, xLabel, yLabel, fx, fy) {
    const g = el('g', { class: 'axis' }, svg);
    for (const t of y.ticks) {
      const py = y.map(t);
      el('line', { x1: M.left, x2: W - M.right, y1: py, y2: py, class: 'gridline' }, g);
      el('text', { x: M.left - 6, y: py + 4, 'text-anchor': 'end' }, g, fy(t));
    }
    for (const t of x.ticks) {
      const px = x.map(t);
      el('line', { x1: px, x2: px, y1: M.top, y2: H - M.bottom, class: 'gridline' }, g);
      el('text', { x: px, y: H - M.bottom + 16, 'text-anchor': 'middle' }, g, fx(t));
    }
    el('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }, g);
    el('line', { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom }, g);
    el('text', { x: (M.left + W - M.right) / 2, y: H - 6, 'text-anchor': 'middle' }, g, xLabel);
    el('text', { x: 14, y: (M.top + H - M.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})` }, g, yLabel);
  }

  function logWorthy(values) {
    const [lo, hi] = extent(values);
    return lo > 0 && hi / lo >= 10;
  }

  // One line per series: [{name, points: [[x, y]]}].
  function lines(svg, { series, xLabel, yLabel, fy }) {
    const all = series.flatMap(s => s.points);
    if (!all.length) return note(svg, 'no point meets the constraints');
    reset(svg);
    const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
    const x = scale(extent(xs), [M.left, W - M.right - 110], logWorthy(xs));
    const y = scale(extent(ys), [H - M.bottom, M.top], logWorthy(ys));
    axes(svg, x, y, xLabel, yLabel, human, fy || human);
    series.forEach((s, i) => {
      const colour = `s${i % 10}`; // colours come from the theme's classes (no inline styles: the page's policy forbids them)
      const pts = s.points.filter(p => isFinite(p[1]));
      el('polyline', { points: pts.map(p => `${x.map(p[0])},${y.map(p[1])}`).join(' '), class: `line ${colour}`, 'data-series': s.name }, svg);
      for (const p of pts) el('circle', { cx: x.map(p[0]), cy: y.map(p[1]), r: 3, class: `dot ${colour}` }, svg);
      el('text', { x: W - M.right - 104, y: M.top + 10 + i * 14, class: `legend ${colour}` }, svg, s.name);
    });
  }

  // The front's points with hover details, and the best point by the objective marked: [{x, y, row}].
  function front(svg, { points, best, xLabel, yLabel, fx, fy, describe, onHover }) {
    if (!points.length && !best) return note(svg, 'no Pareto front: no point meets the constraints');
    reset(svg);
    const shown = best ? points.concat([best]) : points;
    const xs = shown.map(p => p.x), ys = shown.map(p => p.y);
    const x = scale(extent(xs), [M.left, W - M.right], logWorthy(xs));
    const y = scale(extent(ys), [H - M.bottom, M.top], logWorthy(ys));
    axes(svg, x, y, xLabel, yLabel, fx || human, fy || human);
    const sorted = points.slice().sort((a, b) => a.x - b.x);
    el('polyline', { class: 'front', points: sorted.map(p => `${x.map(p.x)},${y.map(p.y)}`).join(' ') }, svg);
    for (const p of points) mark(svg, p, x, y, 'point', 5, describe, onHover);
    if (best) mark(svg, best, x, y, 'best', 7, describe, onHover).setAttribute('data-role', 'best');
  }

  function mark(svg, p, x, y, cls, r, describe, onHover) {
    const c = el('circle', { cx: x.map(p.x), cy: y.map(p.y), r, class: cls, 'data-index': p.row.index, tabindex: 0 }, svg);
    el('title', {}, c, describe(p.row));
    c.addEventListener('mouseenter', e => onHover && onHover(p.row, e));
    c.addEventListener('mousemove', e => onHover && onHover(p.row, e));
    c.addEventListener('mouseleave', () => onHover && onHover(null));
    c.addEventListener('focus', e => onHover && onHover(p.row, { clientX: c.getBoundingClientRect().right, clientY: c.getBoundingClientRect().top }));
    c.addEventListener('blur', () => onHover && onHover(null));
    return c;
  }

  // Cells coloured from the theme's low to high colour (log scale when the values span a decade or more).
  function heatmap(svg, { rows, columns, values, rowLabel, columnLabel, fv }) {
    const flat = values.flat().filter(v => v !== null && isFinite(v));
    if (!flat.length) return note(svg, 'no point meets the constraints');
    reset(svg);
    const log = logWorthy(flat);
    const [lo, hi] = extent(flat.map(v => log ? Math.log10(v) : v));
    const cw = (W - M.left - M.right - 70) / columns.length, ch = (H - M.top - M.bottom) / rows.length;
    const low = getComputedStyle(svg).getPropertyValue('--heat-low').trim() || '#e8f1fb';
    const high = getComputedStyle(svg).getPropertyValue('--heat-high').trim() || '#0b3d91';
    const mix = t => blend(low, high, hi > lo ? t : 0.5);
    rows.forEach((r, i) => {
      const py = H - M.bottom - (i + 1) * ch; // the smallest model at the bottom
      el('text', { x: M.left - 6, y: py + ch / 2 + 4, 'text-anchor': 'end' }, svg, human(r));
      columns.forEach((c, j) => {
        const v = values[i][j];
        const t = v === null || !isFinite(v) ? null : ((log ? Math.log10(v) : v) - lo) / (hi - lo || 1);
        const cell = el('rect', { x: M.left + j * cw, y: py, width: cw - 1, height: ch - 1, fill: t === null ? 'none' : mix(t), class: 'cell' }, svg);
        el('title', {}, cell, `${rowLabel} ${human(r)}, ${columnLabel} ${human(c)}: ${t === null ? 'none admissible' : fv(v)}`);
      });
    });
    const every = Math.ceil(columns.length / 12);
    columns.forEach((c, j) => { if (j % every === 0) el('text', { x: M.left + (j + 0.5) * cw, y: H - M.bottom + 16, 'text-anchor': 'middle' }, svg, human(c)); });
    el('text', { x: (M.left + W - M.right - 70) / 2, y: H - 6, 'text-anchor': 'middle' }, svg, columnLabel);
    el('text', { x: 14, y: (M.top + H - M.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})` }, svg, rowLabel);
    for (let k = 0; k <= 4; k++) {
      const t = k / 4, py = H - M.bottom - t * (H - M.top - M.bottom - 20);
      el('rect', { x: W - M.right - 60, y: py - 12, width: 14, height: 12, fill: mix(t) }, svg);
      const v = lo + t * (hi - lo);
      el('text', { x: W - M.right - 42, y: py - 2 }, svg, fv(log ? Math.pow(10, v) : v));
    }
  }

  function blend(a, b, t) {
    const pa = rgb(a), pb = rgb(b);
    return `rgb(${pa.map((v, i) => Math.round(v + (pb[i] - v) * t)).join(',')})`;
  }
  function rgb(hex) {
    const h = hex.replace('#', '');
    return [0, 2, 4].map(i => parseInt(h.substr(i, 2), 16));
  }

  // One bar per item: [{label, value, best}].
  function bars(svg, { items, yLabel, fy }) {
    const shown = items.filter(i => i.value !== null && isFinite(i.value));
    if (!shown.length) return note(svg, 'no point meets the constraints');
    reset(svg);
    const y = scale([0, Math.max(...shown.map(i => i.value))], [H - M.bottom, M.top], false);
    const bw = (W - M.left - M.right) / shown.length;
    axes(svg, { ticks: [], map: v => v }, y, '', yLabel, human, fy || human);
    shown.forEach((item, k) => {
      const px = M.left + k * bw + bw * 0.15, py = y.map(item.value);
      const bar = el('rect', { x: px, y: py, width: bw * 0.7, height: H - M.bottom - py, class: item.best ? 'bar best' : 'bar', 'data-label': item.label }, svg);
      el('title', {}, bar, `${item.label}: ${(fy || human)(item.value)}`);
      el('text', { x: px + bw * 0.35, y: H - M.bottom + 14, 'text-anchor': 'middle', class: 'small' }, svg, item.label.length > 14 ? item.label.slice(0, 13) + '…' : item.label);
    });
  }

  return { lines, front, heatmap, bars, note, human, usd };
})();
