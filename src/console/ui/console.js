// The console page: hash-routed sections, the live request list (polling) and the selected request drawn as
// a pipeline with the doctor's verdict for the chosen page origin and credentials mode.

import { api, postJson } from './api.js';
import { el, renderDiagnosis, renderPipeline } from './pipeline.js';
import {
  renderBuckets,
  renderCache,
  renderDistributions,
  renderFleet,
  renderInvalidations,
  renderKeyGroups,
} from './views.js';

const $ = (selector) => document.querySelector(selector);
const state = { overview: null, selected: null, timer: null, shown: { requests: '', cache: '' } };

/**
 * Replaces a polled region only when its data changed, and puts keyboard focus back on the same control
 * (matched by `data-focus-key`) so a refresh never throws a keyboard user out of the list.
 */
function refresh(region, key, data, render) {
  const signature = JSON.stringify(data);
  if (state.shown[key] === signature) return;
  state.shown[key] = signature;
  const focused = region.contains(document.activeElement)
    ? document.activeElement?.dataset.focusKey
    : undefined;
  render();
  if (focused !== undefined) region.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
}

function showProblem(error) {
  const box = $('#problem');
  box.hidden = error === null;
  box.textContent = error === null ? '' : `The console could not load its data: ${error.message}`;
}

async function load(task) {
  try {
    await task();
    showProblem(null);
  } catch (error) {
    showProblem(error);
  }
}

function candidateOrigins(overview) {
  const origins = new Set();
  for (const bucket of overview.buckets) {
    const rules = Array.isArray(bucket.corsRules) ? bucket.corsRules : (bucket.corsRules?.CORSRules ?? []);
    for (const rule of rules)
      for (const origin of rule.AllowedOrigins ?? []) if (origin !== '*') origins.add(origin);
  }
  return [...origins];
}

async function loadOverview() {
  const overview = await api('overview');
  state.overview = overview;
  $('#trace-hint').hidden = overview.traceAll;
  for (const select of [
    $('#request-filter [name=distribution]'),
    $('#invalidate-form [name=distribution]'),
  ]) {
    const keep = select.value;
    const first = select.closest('#request-filter') ? [el('option', { value: '', text: 'all' })] : [];
    select.replaceChildren(
      ...first,
      ...overview.distributions.map((d) => el('option', { value: d.id, text: d.id })),
    );
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  }
  const origins = candidateOrigins(overview);
  $('#page-origins').replaceChildren(...origins.map((o) => el('option', { value: o })));
  const pageOrigin = $('#diagnose-as [name=pageOrigin]');
  if (pageOrigin.value === '' && origins.length > 0) pageOrigin.value = origins[0];
  $('#distributions').replaceChildren(...renderDistributions(overview));
  $('#key-groups').replaceChildren(renderKeyGroups(overview));
  $('#buckets').replaceChildren(renderBuckets(overview));
}

async function loadRequests() {
  const form = new FormData($('#request-filter'));
  const query = new URLSearchParams();
  for (const name of ['distribution', 'status', 'path']) if (form.get(name)) query.set(name, form.get(name));
  const { requests } = await api(`requests?${query}`);
  const rows = requests.map((r) => {
    const open = el(
      'button',
      {
        type: 'button',
        class: 'linkish',
        'data-request-id': r.id,
        'data-focus-key': r.id,
        'aria-pressed': String(r.id === state.selected),
        onclick: () => selectRequest(r.id),
      },
      `${r.method} ${r.rawTarget}`,
    );
    return el(
      'tr',
      { class: r.id === state.selected ? 'selected' : '', 'data-status': r.status },
      el('td', {}, el('time', { datetime: r.startedAt, text: new Date(r.startedAt).toLocaleTimeString() })),
      el('td', {}, open),
      el('td', { class: `status status-${String(r.status)[0]}xx`, text: String(r.status) }),
      el('td', { text: r.resultType }),
    );
  });
  refresh($('#requests tbody'), 'requests', [requests, state.selected], () =>
    $('#requests tbody').replaceChildren(
      ...(rows.length
        ? rows
        : [el('tr', {}, el('td', { colspan: 4, class: 'empty', text: 'No requests recorded yet.' }))]),
    ),
  );
}

async function showRequest() {
  if (state.selected === null) return;
  const form = new FormData($('#diagnose-as'));
  const query = new URLSearchParams({ credentials: form.get('credentials') });
  if (form.get('pageOrigin')) query.set('pageOrigin', form.get('pageOrigin'));
  const detail = await api(`requests/${encodeURIComponent(state.selected)}?${query}`);
  $('#detail-status').textContent =
    `${detail.pipeline.method} ${detail.pipeline.rawTarget}: ${detail.pipeline.status}, decided at the ${detail.pipeline.nodes.find((n) => n.deciding)?.label ?? ''} stage${detail.diagnosis ? `; ${detail.diagnosis.verdict === 'ok' ? 'works' : 'blocked'} for ${detail.diagnosis.request.pageOrigin}` : ''}.`;
  $('#detail-body').replaceChildren(
    renderPipeline(detail.pipeline, { headingLevel: 3 }),
    renderDiagnosis(detail.diagnosis, { headingLevel: 4 }),
    el(
      'details',
      {},
      el('summary', { text: 'The edge trace (secrets redacted)' }),
      el('pre', { class: 'trace', text: JSON.stringify(detail.trace, null, 2) }),
    ),
  );
}

function selectRequest(id) {
  state.selected = id;
  for (const button of document.querySelectorAll('#requests button[data-request-id]')) {
    const on = button.dataset.requestId === id;
    button.setAttribute('aria-pressed', String(on));
    button.closest('tr').classList.toggle('selected', on);
  }
  load(showRequest);
}

async function loadCache() {
  const { entries } = await api('cache');
  refresh($('#cache'), 'cache', entries, () => $('#cache').replaceChildren(renderCache(entries, invalidate)));
}

async function invalidate(distributionId, paths) {
  await load(async () => {
    const result = await postJson('invalidations', { distributionId, paths });
    $('#invalidate-result').textContent =
      `Invalidation ${result.invalidation.Id} (${paths.join(' ')}) on ${distributionId}: ${result.purged.length} cached object(s) purged` +
      (result.purged.length ? ` — ${result.purged.map((p) => p.invalidationPath).join(', ')}` : '') +
      '.';
    await loadCache();
  });
}

async function loadInvalidations() {
  const { distributions } = await api('invalidations');
  $('#invalidations').replaceChildren(...renderInvalidations(distributions));
}

async function loadFleet() {
  const fleet = await api('fleet');
  refresh($('#fleet'), 'fleet', fleet, () => $('#fleet').replaceChildren(...renderFleet(fleet)));
}

const LOADERS = {
  requests: loadRequests,
  distributions: loadOverview,
  buckets: loadOverview,
  cache: loadCache,
  invalidations: loadInvalidations,
  fleet: loadFleet,
};

function currentView() {
  const name = location.hash.slice(1);
  return name in LOADERS ? name : 'requests';
}

function route() {
  const view = currentView();
  for (const section of document.querySelectorAll('[data-section]'))
    section.hidden = section.dataset.section !== view;
  for (const link of document.querySelectorAll('nav a[data-view]'))
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  load(LOADERS[view]);
}

function poll() {
  clearInterval(state.timer);
  if (!$('#request-filter [name=live]').checked) return;
  state.timer = setInterval(() => {
    if (currentView() === 'requests' && !document.hidden) load(loadRequests);
    else if (currentView() === 'cache' && !document.hidden) load(loadCache);
    else if (currentView() === 'fleet' && !document.hidden) load(loadFleet);
  }, 2000);
}

$('#request-filter').addEventListener('input', () => load(loadRequests));
$('#request-filter').addEventListener('submit', (event) => event.preventDefault());
$('#request-filter [name=live]').addEventListener('change', poll);
$('#diagnose-as').addEventListener('change', () => load(showRequest));
$('#diagnose-as').addEventListener('submit', (event) => {
  event.preventDefault();
  load(showRequest);
});
$('#invalidate-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  invalidate(form.get('distribution'), String(form.get('paths')).split(/\s+/).filter(Boolean));
});
window.addEventListener('hashchange', route);

await load(loadOverview);
route();
poll();
