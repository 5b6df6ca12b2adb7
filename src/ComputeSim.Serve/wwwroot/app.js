// The page: the form is a sweep spec; the whole state lives in the URL's fragment, so a link reopens it.
'use strict';

const $ = id => document.getElementById(id);
const form = $('sweep-form');
const TEXT_FIELDS = ['params', 'tokens', 'precision', 'utilization', 'gpus', 'objective', 'max_days', 'max_cost_usd', 'max_gpus', 'top'];
const FLAGS = ['predict', 'must_fit'];
const OBJECTIVE_COLUMN = { cost: 'cost_usd', time: 'wall_clock_days', energy: 'energy_mwh' };
const clientId = sessionStorage.getItem('computesim-client') || (() => {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(12)), b => b.toString(16).padStart(2, '0')).join('');
  sessionStorage.setItem('computesim-client', id);
  return id;
})();

let profiles = [];
let running = null;   // the AbortController of the sweep in flight
let lastResult = null;
let lastSpec = null;

// ---- the spec: form <-> object <-> URL ----

function readSpec() {
  const spec = {};
  for (const name of TEXT_FIELDS) {
    const value = form.elements[name].value.trim();
    if (value !== '') spec[name] = name === 'top' ? Number(value) : value;
  }
  for (const name of FLAGS) if (form.elements[name].checked && !(name === 'must_fit' && spec.predict)) spec[name] = true;
  const hardware = [...document.querySelectorAll('#hardware input:checked')].map(i => i.value);
  if (hardware.length) spec.hardware = hardware;
  spec.pareto = true; // the page always draws the front
  return spec;
}

function writeSpec(spec) {
  for (const name of TEXT_FIELDS) form.elements[name].value = spec[name] === undefined ? (name === 'objective' ? 'cost' : '') : spec[name];
  for (const name of FLAGS) form.elements[name].checked = !!spec[name];
  syncFlags();
  const chosen = new Set(spec.hardware || []);
  for (const box of document.querySelectorAll('#hardware input')) box.checked = chosen.has(box.value);
}

// A predicted sweep prices only layouts that fit, so "must fit" does not apply (the server refuses it): the box is set aside, not sent.
function syncFlags() {
  form.elements.must_fit.disabled = form.elements.predict.checked;
}

function toUrl(spec, ran) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(spec)) if (k !== 'pareto') q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  // The boxes as ticked, so that a link keeps "must fit" for when predict is cleared again.
  for (const f of FLAGS) q.set(f, form.elements[f].checked ? 'true' : 'false');
  q.set('theme', document.documentElement.dataset.theme);
  if (ran) q.set('run', '1');
  return '#' + q.toString();
}

function fromUrl() {
  const q = new URLSearchParams(location.hash.slice(1));
  if (![...q.keys()].length) return null;
  const spec = {};
  for (const name of TEXT_FIELDS) if (q.has(name)) spec[name] = name === 'top' ? Number(q.get(name)) : q.get(name);
  for (const name of FLAGS) if (q.has(name)) spec[name] = q.get(name) === 'true';
  if (q.get('must_fit') === null) spec.must_fit = true;
  if (q.has('hardware')) spec.hardware = q.get('hardware').split(',').filter(Boolean);
  return { spec, theme: q.get('theme'), run: q.get('run') === '1' };
}

function saveUrl(ran) {
  history.replaceState(null, '', toUrl(readSpec(), ran));
}

// ---- themes ----

function setTheme(theme) {
  document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
  $('theme').textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
  if (lastResult) render(lastResult, lastSpec);
}

// ---- errors beside their field ----

function clearErrors() {
  for (const node of document.querySelectorAll('.error')) node.textContent = '';
  for (const node of document.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

function showError(error) {
  const field = error.field;
  const beside = field ? $('err-' + field) : null;
  (beside || $('err-form')).textContent = error.error;
  const input = field && form.elements[field];
  if (input && input.setAttribute) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
  $('status').textContent = '';
}

// ---- the sweep: streamed progress, cancel, result ----

async function runSweep() {
  clearErrors();
  if (running) running.abort(); // the server cancels this client's previous sweep too
  const controller = new AbortController();
  running = controller;
  const spec = readSpec();
  saveUrl(false);
  setBusy(true);
  $('status').textContent = 'checking the spec…';
  try {
    const response = await fetch('api/sweep', {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'X-Client-Id': clientId },
      body: JSON.stringify(spec),
    });
    if (!response.ok || !(response.headers.get('content-type') || '').startsWith('text/event-stream')) {
      showError(await response.json().catch(() => ({ error: `the server answered ${response.status}` })));
      return;
    }
    $('status').textContent = 'sweeping…';
    await readEvents(response.body, (name, data) => onEvent(name, data, spec));
  } catch (e) {
    if (e.name !== 'AbortError') showError({ error: `the request failed: ${e.message}` });
  } finally {
    if (running === controller) {
      running = null;
      setBusy(false);
    }
  }
}

function onEvent(name, data, spec) {
  if (name === 'progress') {
    const bar = $('progress');
    bar.hidden = false;
    bar.max = data.total;
    bar.value = Math.min(data.done, data.total);
    $('status').textContent = `sweeping: ${Plots.human(Math.min(data.done, data.total))} of ${Plots.human(data.total)} points`;
  } else if (name === 'result') {
    $('status').textContent = '';
    render(data, spec);
    saveUrl(true);
  } else if (name === 'cancelled') {
    $('status').textContent = `${data.error}: ${Plots.human(data.done)} of ${Plots.human(data.total)} points were done`;
    $('status').dataset.state = 'cancelled';
  } else if (name === 'error') {
    showError(data);
  }
}

// Server-sent events from a fetch body: "event: NAME" and "data: JSON" lines, a blank line between events.
async function readEvents(body, handle) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = (block.match(/^event: (.*)$/m) || [])[1];
      const data = (block.match(/^data: (.*)$/m) || [])[1];
      if (name && data) handle(name, JSON.parse(data));
    }
  }
}

async function cancelSweep() {
  $('status').textContent = 'cancelling…';
  await fetch('api/sweep/cancel', { method: 'POST', headers: { 'X-Client-Id': clientId } });
}

function setBusy(busy) {
  $('run').disabled = busy;
  $('cancel').disabled = !busy;
  $('progress').hidden = !busy;
  if (busy) {
    $('progress').removeAttribute('value');
    delete $('status').dataset.state;
  }
}

// ---- the result ----

const COLUMNS = [
  ['hardware', r => r.hardware], ['precision', r => r.precision], ['params', r => Plots.human(r.params)],
  ['tokens', r => Plots.human(r.tokens)], ['gpus', r => Plots.human(r.gpus)],
  ['utilization', r => Plots.human(r.mfu ?? r.utilization)], ['wall_clock_days', r => Plots.human(r.wall_clock_days)],
  ['gpu_hours', r => Plots.human(r.gpu_hours)], ['cost_usd', r => Plots.usd(r.cost_usd)], ['energy_mwh', r => Plots.human(r.energy_mwh)],
  ['fits', r => r.fits_memory ? 'yes' : 'no'],
];

function table(node, rows) {
  node.textContent = '';
  const head = node.createTHead().insertRow();
  for (const name of ['#', ...COLUMNS.map(c => c[0])]) head.appendChild(document.createElement('th')).textContent = name;
  const body = node.createTBody();
  rows.forEach((row, i) => {
    const tr = body.insertRow();
    tr.dataset.index = row.index;
    tr.insertCell().textContent = i + 1;
    for (const [name, cell] of COLUMNS) {
      const td = tr.insertCell();
      td.textContent = cell(row);
      td.dataset.column = name;
    }
  });
}

function describe(r) {
  return `${r.hardware} × ${Plots.human(r.gpus)} GPUs\n${Plots.human(r.params)} params, ${Plots.human(r.tokens)} tokens, ${r.precision}\n`
    + `${Plots.human(r.wall_clock_days)} days, ${Plots.usd(r.cost_usd)}, ${Plots.human(r.energy_mwh)} MWh\n`
    + `utilisation ${Plots.human(r.mfu ?? r.utilization)}; training state ${r.fits_memory ? 'fits' : 'does not fit'}`;
}

function hover(row, e) {
  const tip = $('tooltip');
  if (!row) { tip.hidden = true; return; }
  tip.textContent = describe(row);
  tip.hidden = false;
  tip.style.left = (e.clientX + 14) + 'px';
  tip.style.top = (e.clientY + 10) + 'px';
}

function render(result, spec) {
  lastResult = result;
  lastSpec = spec;
  $('results').hidden = false;
  const objective = result.objective || OBJECTIVE_COLUMN[spec.objective || 'cost'];
  $('summary').textContent = `${Plots.human(result.grid_points)} points on ${result.backend} in ${Number(result.elapsed_s).toFixed(2)} s; `
    + `${Plots.human(result.admissible_points)} meet the constraints; ranked by ${objective}`;
  const best = result.best_per_hardware || [];
  table($('table-top'), result.top || []);
  table($('table-best'), best);

  const top = (result.top || [])[0];
  Plots.front($('plot-pareto'), {
    points: (result.pareto || []).map(r => ({ x: r.wall_clock_days, y: r.cost_usd, row: r })),
    best: top ? { x: top.wall_clock_days, y: top.cost_usd, row: top } : null,
    xLabel: 'wall-clock days', yLabel: 'cost (USD)', fy: Plots.usd, describe, onHover: hover,
  });
  drawScaling(result);
  drawHeatmap(result, objective);
  Plots.bars($('plot-compare'), {
    items: best.map(r => ({ label: r.hardware, value: r[objective], best: top && r.index === top.index })),
    yLabel: objective, fy: objective === 'cost_usd' ? Plots.usd : Plots.human,
  });
  assumptions(result, best);
  downloads(result, spec);
}

function drawScaling(result) {
  const s = result.scaling;
  if (!s) return Plots.note($('plot-scaling'), 'scaling curves: not in this result');
  Plots.lines($('plot-scaling'), {
    series: s.rows.map((name, i) => ({ name, points: s.columns.map((g, j) => [g, s.values[i][j]]).filter(p => p[1] !== null) })),
    xLabel: 'GPUs in the cluster', yLabel: 'wall-clock days',
  });
}

function drawHeatmap(result, objective) {
  const h = result.heatmap;
  if (!h) return Plots.note($('plot-heatmap'), 'heatmap: not in this result');
  Plots.heatmap($('plot-heatmap'), {
    rows: h.rows, columns: h.columns, values: h.values, rowLabel: 'parameters', columnLabel: 'GPUs',
    fv: objective === 'cost_usd' ? Plots.usd : Plots.human,
  });
}

function assumptions(result, best) {
  const list = $('assumptions');
  list.textContent = '';
  const add = text => { list.appendChild(document.createElement('li')).textContent = text; };
  for (const line of result.assumptions || result.planning_assumptions || []) add(line);
  const used = new Set(best.map(r => r.hardware));
  for (const p of profiles.filter(p => used.has(p.name))) {
    add(`${p.display_name}: ${p.price_per_gpu_hour_usd === null ? 'no public price' : `$${p.price_per_gpu_hour_usd}/GPU-hour`}`
      + `${p.price_source ? ` (${p.price_source}${p.price_date ? ', ' + p.price_date : ''})` : ''}; sources: ${(p.sources || []).join('; ')}`);
  }
}

// ---- downloads: the points as CSV, the spec as YAML the CLI reads, the result as JSON ----

function downloads(result, spec) {
  const sets = [['top', result.top || []], ['best_per_hardware', result.best_per_hardware || []], ['pareto', result.pareto || []]];
  const first = sets.map(s => s[1][0]).find(Boolean) || {};
  const columns = Object.keys(first).filter(k => first[k] === null || typeof first[k] !== 'object'); // nested tables stay in the JSON
  const csv = [['set', ...columns].join(',')];
  for (const [name, rows] of sets) for (const r of rows) csv.push([name, ...columns.map(c => csvCell(r[c]))].join(','));
  link('download-csv', csv.join('\n') + '\n', 'text/csv');
  $('spec-text').textContent = yaml(spec);
  link('download-spec', $('spec-text').textContent, 'text/yaml');
  link('download-json', JSON.stringify(result, null, 2), 'application/json');
}

function csvCell(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function yaml(spec) {
  const lines = ['# A ComputeSim sweep spec saved from the page. Run: computesim sweep --spec sweep.yaml', 'spec_version: 1'];
  for (const [k, v] of Object.entries(spec)) lines.push(`${k}: ${Array.isArray(v) ? '[' + v.map(x => JSON.stringify(x)).join(', ') + ']' : JSON.stringify(v)}`);
  return lines.join('\n') + '\n';
}

function link(id, text, type) {
  const a = $(id);
  if (a.href.startsWith('blob:')) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([text], { type }));
}

// ---- start ----

async function start() {
  const fromLink = fromUrl();
  setTheme(fromLink && fromLink.theme ? fromLink.theme : (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  try {
    profiles = await (await fetch('api/profiles')).json();
  } catch (e) {
    showError({ error: `could not load the accelerators: ${e.message}` });
  }
  const box = $('hardware');
  for (const p of profiles) {
    const label = box.appendChild(document.createElement('label'));
    const input = label.appendChild(document.createElement('input'));
    input.type = 'checkbox';
    input.value = p.name;
    input.title = p.display_name;
    label.append(' ' + p.name);
  }
  if (fromLink) writeSpec(fromLink.spec);
  form.addEventListener('submit', e => { e.preventDefault(); runSweep(); });
  form.addEventListener('change', () => { syncFlags(); saveUrl(false); });
  $('cancel').addEventListener('click', cancelSweep);
  $('theme').addEventListener('click', () => { setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'); saveUrl(!!lastResult); });
  $('copy-link').addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(location.href));
  // A link pasted over this page's address changes only the fragment: take it as a new state.
  window.addEventListener('hashchange', () => {
    const next = fromUrl();
    if (!next) return;
    if (next.theme) setTheme(next.theme);
    writeSpec(next.spec);
    if (next.run) runSweep();
  });
  document.body.dataset.ready = 'true';
  if (fromLink && fromLink.run) runSweep();
}

start();
