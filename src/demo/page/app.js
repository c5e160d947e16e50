// The demo page: runs one step of the founding story as the course player would (cookies from the backend,
// credentialed fetches from the CDN), then draws what happened from the demo server's report: the doctor's
// verdict and Chromium's console line, the cookies, and each CDN request as a pipeline of edge stages.

import { el, renderDiagnosis, renderPipeline } from '/console/pipeline.js';

const state = await (await fetch('/demo/state', { cache: 'no-store' })).json();
const lessonUrl = `${state.cdnOrigin}/${state.basePath}/lesson.json`;
const playlistUrl = `${state.cdnOrigin}/${state.basePath}/master.m3u8`;
const $ = (selector) => document.querySelector(selector);

$('#page-origin').textContent = state.pageOrigin;
$('#cdn-origin').textContent = state.cdnOrigin;
for (const node of document.querySelectorAll('[data-field]')) {
  node.textContent = {
    'backend-before': state.backendBeforeOrigin,
    'backend-after': state.backendAfterOrigin,
    'cookie-domain': state.cookieDomain,
  }[node.dataset.field];
}

const STORY = {
  1: 'The story says: blocked. The browser refuses cookies whose Domain does not match the backend host (localhost), so the CDN request carries no CloudFront-* cookies; the edge answers 403 MissingKey without CORS headers, which the page only sees as a CORS failure.',
  2: 'The story says: blocked. The cookies are stored and sent and the edge answers 200, but the origin never saw Origin (no origin request policy), so it sent no CORS headers; the CORS-With-Preflight policy adds Access-Control-Allow-Origin: *, which a credentialed fetch refuses.',
  3: "The story says: still blocked. The distribution now forwards Origin, but the answers cached under the old config (step 2's, refilled by this step's set-up) are served as they are until they are invalidated.",
  4: "The story says: works. The invalidation of /* purges the stale answers; the origin sees Origin, echoes the page origin with Access-Control-Allow-Credentials: true, and the policy keeps the origin's headers.",
};

const buttons = () => document.querySelectorAll('#steps button, #reset');
function busy(message) {
  for (const button of buttons()) button.disabled = message !== null;
  document.body.setAttribute('aria-busy', String(message !== null));
  if (message !== null) $('#progress').textContent = message;
}

async function pageFetch(label, url) {
  try {
    const response = await fetch(url, { credentials: 'include', cache: 'no-store' });
    const body = await response.arrayBuffer();
    return { label, url, ok: response.ok, status: response.status, bytes: body.byteLength, body };
  } catch (error) {
    return { label, url, ok: false, status: 0, error: `${error.name}: ${error.message}` };
  }
}

async function postJson(path, value) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value ?? {}),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** Cookies for the CDN's domain can only be cleared by a host under it: the backend after the fix. */
async function clearPageCookies() {
  await fetch(`${state.backendAfterOrigin}/api/clear-cookies`, { credentials: 'include', cache: 'no-store' });
}

function pageRow(result) {
  const outcome =
    result.ok || result.status !== 0
      ? `HTTP ${result.status}, ${result.bytes} bytes`
      : `${result.error} — the browser blocked it`;
  return el(
    'tr',
    {},
    el('td', { text: result.label }),
    el('td', { class: result.ok ? 'ok' : 'fail', text: outcome }),
  );
}

function renderVerdict(step, lesson, lessonResult) {
  const diagnosis = lesson?.diagnosis;
  const works = diagnosis?.verdict === 'ok';
  const box = el(
    'section',
    {
      class: `diagnosis ${works ? 'works' : 'blocked'}`,
      'data-verdict': works ? 'works' : 'blocked',
      'aria-labelledby': 'verdict-title',
    },
    el(
      'h3',
      { id: 'verdict-title' },
      el('span', { class: 'verdict', text: works ? 'Works' : 'Blocked' }),
      ` Step ${step}: lesson.json for the page on ${state.pageOrigin}`,
    ),
    el(
      'p',
      {},
      el('span', { class: 'label', text: "The page's fetch: " }),
      lessonResult.ok ? `HTTP ${lessonResult.status}, ${lessonResult.bytes} bytes` : lessonResult.error,
    ),
  );
  if (diagnosis?.pageSees?.consoleMessage)
    box.append(
      el(
        'p',
        {},
        el('span', { class: 'label', text: "Chromium's console: " }),
        el('q', { class: 'console-line', text: diagnosis.pageSees.consoleMessage }),
      ),
    );
  if (diagnosis) {
    box.append(
      el(
        'p',
        {},
        el('span', { class: 'label', text: 'Root cause: ' }),
        el('code', { text: diagnosis.rootCause.code }),
        ` — ${diagnosis.rootCause.explanation}`,
      ),
    );
    if (!works)
      box.append(el('p', {}, el('span', { class: 'label', text: 'Fix: ' }), diagnosis.rootCause.fix));
  }
  return box;
}

function renderCookies(report, lesson) {
  const parts = [];
  if (report.backend === null)
    parts.push(el('p', { class: 'hint', text: 'The backend set no cookies in this step.' }));
  else {
    parts.push(el('h4', {}, 'The backend sent ', el('code', { text: report.backend.url })));
    parts.push(
      el(
        'ul',
        { class: 'cookie-list' },
        report.backend.cookies.map((c) =>
          el('li', {}, el('code', { text: `${c.name}=‹value hidden›` }), ` ${c.attributes}`),
        ),
      ),
    );
  }
  const cookies = lesson?.diagnosis?.cookies;
  if (cookies && report.backend !== null) {
    parts.push(el('h4', { text: 'The browser' }));
    parts.push(
      el(
        'ul',
        { class: 'cookie-list', id: 'cookie-store' },
        cookies.stored.map((c) =>
          el(
            'li',
            { class: 'stored', 'data-cookie': c.name },
            el('span', { class: 'tag ok', text: 'stored' }),
            `${c.name} for ${c.domain}${c.path}`,
          ),
        ),
        cookies.rejected.map((c) =>
          el(
            'li',
            { class: 'refused', 'data-cookie': c.name },
            el('span', { class: 'tag bad', text: 'refused' }),
            `${c.name}: ${c.reason}`,
          ),
        ),
      ),
    );
  }
  parts.push(el('h4', { text: 'Sent to the CDN' }));
  parts.push(
    el(
      'ul',
      { class: 'cookie-list', id: 'cookies-sent' },
      report.requests.map((r) => {
        const sent = r.diagnosis?.cookies?.sent ?? [];
        return el(
          'li',
          { class: sent.length ? 'sent' : 'not-sent' },
          el('code', { text: r.path.split('/').pop() }),
          ': ',
          sent.length ? sent.join(', ') : 'no cookies',
        );
      }),
    ),
  );
  parts.push(
    el('p', {
      class: 'hint',
      text: "Computed with the doctor's browser cookie model (RFC 6265bis as Chromium applies it); cookie values are never shown.",
    }),
  );
  return parts;
}

function compare(title, before, after) {
  const rows = (side, other) =>
    Object.entries(side).flatMap(([k, v]) => [
      el('dt', { text: k }),
      el('dd', { class: v !== other[k] ? 'changed' : '' }, el('code', { text: v })),
    ]);
  return el(
    'div',
    { class: 'compare' },
    el('div', {}, el('h4', { text: `${title}: before` }), el('dl', {}, rows(before, after))),
    el('div', {}, el('h4', { text: `${title}: after` }), el('dl', {}, rows(after, before))),
  );
}

function renderExtra(step, setup, lesson) {
  const parts = [];
  if (setup.primed)
    parts.push(
      el(
        'p',
        { class: 'hint' },
        `Set-up: the demo fetched ${setup.primed.paths.join(' and ')} through the CDN under the original config (HTTP ${setup.primed.statuses.join(', ')}), as step 2 left the cache.`,
      ),
    );
  if (setup.distributionChange) {
    parts.push(el('h3', { text: 'The distribution, default behavior' }));
    const { before, after } = setup.distributionChange;
    const pick = (b) => ({
      'config ETag': b.etag,
      'cache policy': b.cachePolicy,
      'origin request policy': b.originRequestPolicy,
      'response headers policy': b.responseHeadersPolicy,
    });
    parts.push(compare('Distribution', pick(before), pick(after)));
  }
  const cache = lesson?.pipeline?.cache;
  if (step === 3 && cache)
    parts.push(
      el(
        'p',
        { id: 'cache-entry' },
        el('strong', { text: 'The cached lesson.json: ' }),
        `${cache.result}, ${cache.ageSeconds ?? '?'} s old, stored under config `,
        el('code', { text: cache.storedConfigEtag ?? 'unknown' }),
        '; the config in force is ',
        el('code', { text: cache.currentConfigEtag ?? 'unknown' }),
        cache.storedConfigEtag !== cache.currentConfigEtag ? ' — an answer from the old config.' : '.',
      ),
    );
  if (setup.invalidation) {
    parts.push(
      el('h3', { text: `Invalidation ${setup.invalidation.id} of ${setup.invalidation.paths.join(' ')}` }),
    );
    parts.push(
      el(
        'ul',
        { class: 'cookie-list', id: 'purged' },
        setup.invalidation.purged.length === 0
          ? el('li', { text: 'Nothing was cached: nothing purged.' })
          : setup.invalidation.purged.map((p) =>
              el(
                'li',
                {},
                'purged ',
                el('code', { text: p.invalidationPath }),
                ` — ${p.ageSeconds} s old, stored under config `,
                el('code', { text: p.configEtag ?? 'unknown' }),
              ),
            ),
      ),
    );
  }
  return parts;
}

/**
 * The player loads the playlist the way the page's script did: cross-origin with credentials, so it plays
 * exactly when the fetches above succeed. Browsers without native HLS (Firefox) get a note instead.
 */
function showPlayer(playlistLoaded) {
  const player = $('#player');
  const native = player.canPlayType('application/vnd.apple.mpegurl') !== '';
  player.hidden = !native || !playlistLoaded;
  stopPlayer();
  if (!native)
    $('#player-note').textContent =
      'This browser has no native HLS playback (Firefox): the segments fetched above are what a player library would play.';
  else if (!playlistLoaded)
    $('#player-note').textContent = 'No video: the page could not load the playlist (see the verdict above).';
  else {
    $('#player-note').textContent =
      'Six seconds of H.264 (press play): the player fetches it from the CDN with the signed cookies, as the script did.';
    player.src = playlistUrl;
  }
}

let queue = Promise.resolve();

/** A playing video would keep requesting segments into the next step's record. */
function stopPlayer() {
  const player = $('#player');
  player.pause();
  player.removeAttribute('src');
  player.load();
}

async function runStepNow(step) {
  busy(`Step ${step}: clearing the page's cookies…`);
  stopPlayer();
  try {
    await clearPageCookies();
    busy(
      step >= 3
        ? `Step ${step}: setting up the distribution and refilling the cache as step 2 left it…`
        : `Step ${step}: setting up…`,
    );
    const setup = await postJson('/demo/step', { step });
    busy(`Step ${step}: getting cookies from the backend, then the course's files from the CDN…`);
    const results = [await pageFetch('cookies from backend', `${setup.backendOrigin}/api/cookies`)];
    const lessonResult = await pageFetch('lesson.json from CDN', lessonUrl);
    results.push(lessonResult);
    const playlist = await pageFetch('master.m3u8 from CDN', playlistUrl);
    results.push(playlist);
    if (playlist.ok) {
      const text = new TextDecoder().decode(playlist.body);
      for (const segment of text.split('\n').filter((line) => line && !line.startsWith('#')))
        results.push(await pageFetch(segment, new URL(segment, playlistUrl).href));
    }
    busy(`Step ${step}: reading what the edge did…`);
    const report = await (await fetch(`/demo/report?since=${setup.since}`, { cache: 'no-store' })).json();
    const lesson = report.requests.find((r) => r.path.endsWith('/lesson.json'));

    $('#result').hidden = false;
    $('#result-title').textContent = `Step ${step}`;
    $('#result-story').textContent = STORY[step];
    $('#verdict').replaceChildren(renderVerdict(step, lesson, lessonResult));
    $('#cookies').replaceChildren(...renderCookies(report, lesson));
    $('#page-view tbody').replaceChildren(...results.map(pageRow));
    $('#step-extra').replaceChildren(...renderExtra(step, setup, lesson));
    $('#doctor-command').textContent = state.doctorCommands[step];
    showPlayer(playlist.ok);
    $('#pipelines').replaceChildren(
      ...report.requests.map((r) =>
        el(
          'div',
          { class: 'request', 'data-path': r.path },
          renderPipeline(r.pipeline, { headingLevel: 4, compact: true }),
          el(
            'details',
            { class: 'request-diagnosis' },
            el('summary', {
              text: `The doctor on this request: ${r.diagnosis?.verdict === 'ok' ? 'Works' : 'Blocked'} (${r.diagnosis?.rootCause?.code ?? 'no diagnosis'})`,
            }),
            renderDiagnosis(r.diagnosis, { headingLevel: 5 }),
          ),
        ),
      ),
    );
    for (const button of document.querySelectorAll('#steps button'))
      if (button.dataset.step === String(step)) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
    const summary = {
      step,
      verdict: lesson?.diagnosis?.verdict === 'ok' ? 'works' : 'blocked',
      consoleMessage: lesson?.diagnosis?.pageSees?.consoleMessage,
      lessonOk: lessonResult.ok,
      lessonText: lessonResult.ok ? new TextDecoder().decode(lessonResult.body) : undefined,
      results: results.map(({ body, ...rest }) => rest),
      edge: report.requests.map(({ method, path, status, xCache, corsHeaders, pipeline }) => ({
        method,
        path,
        status,
        xCache,
        corsHeaders,
        deciding: pipeline.deciding,
      })),
    };
    document.body.dataset.lastStep = String(step);
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
    $('#progress').textContent = `Step ${step} done: ${summary.verdict === 'works' ? 'Works' : 'Blocked'}.`;
    return summary;
  } catch (error) {
    $('#progress').textContent = `Step ${step} failed: ${error.message}`;
    throw error;
  } finally {
    busy(null);
  }
}

/** Steps run one at a time, whoever asks (a click or a test calling window.runStep). */
function runStep(step) {
  const run = queue.then(() => runStepNow(step));
  queue = run.catch(() => {});
  return run;
}

async function resetNow() {
  busy('Resetting: clearing cookies, emptying the edge cache, restoring the original distribution…');
  stopPlayer();
  try {
    await clearPageCookies();
    await postJson('/demo/reset');
    $('#result').hidden = true;
    for (const button of document.querySelectorAll('#steps button')) button.removeAttribute('aria-current');
    delete document.body.dataset.lastStep;
    $('#progress').textContent = 'Reset done: no cookies, empty cache, original distribution.';
  } finally {
    busy(null);
  }
}

function resetDemo() {
  const run = queue.then(resetNow);
  queue = run.catch(() => {});
  return run;
}

$('#copy-command').addEventListener('click', async () => {
  const text = $('#doctor-command').textContent;
  try {
    await navigator.clipboard.writeText(text);
    $('#progress').textContent = 'Command copied.';
  } catch {
    getSelection().selectAllChildren($('#doctor-command'));
    $('#progress').textContent = 'Command selected: press Ctrl+C to copy.';
  }
});
for (const button of document.querySelectorAll('#steps button'))
  button.addEventListener('click', () => runStep(Number(button.dataset.step)).catch(() => {}));
$('#reset').addEventListener('click', () => resetDemo().catch(() => {}));

window.runStep = runStep;
window.resetDemo = resetDemo;
