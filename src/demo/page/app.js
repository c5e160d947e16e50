// The demo page: runs one step of the founding story as a real player page would, and shows beside
// it what the edge answered (from the demo server's record of edge responses).
const config = await (await fetch('/demo/state')).json();
const lessonUrl = `${config.cdnOrigin}/${config.basePath}/lesson.json`;
const playlistUrl = `${config.cdnOrigin}/${config.basePath}/master.m3u8`;

document.getElementById('page-origin').textContent = config.pageOrigin;
document.getElementById('cdn-origin').textContent = config.cdnOrigin;
for (const el of document.querySelectorAll('[data-field]')) {
  el.textContent = {
    'backend-before': config.backendBeforeOrigin,
    'backend-after': config.backendAfterOrigin,
    'cookie-domain': config.cookieDomain,
  }[el.dataset.field];
}

function row(table, cells, outcomeClass) {
  const tr = document.createElement('tr');
  cells.forEach((text, i) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (i === 1 && outcomeClass) td.className = outcomeClass;
    tr.append(td);
  });
  document.querySelector(`#${table} tbody`).append(tr);
}

async function pageFetch(label, url) {
  try {
    const response = await fetch(url, { credentials: 'include' });
    const body = await response.arrayBuffer();
    const outcome = { label, url, ok: response.ok, status: response.status, bytes: body.byteLength, body };
    row(
      'page-view',
      [label, `HTTP ${response.status}, ${body.byteLength} bytes`],
      response.ok ? 'ok' : 'fail',
    );
    return outcome;
  } catch (error) {
    row('page-view', [label, `${error.name}: ${error.message} (the browser blocked it)`], 'fail');
    return { label, url, ok: false, status: 0, error: `${error.name}: ${error.message}` };
  }
}

// What the story says each step shows, and why (scenarios/junlog/README.md).
const stepStory = {
  1: 'Expected: blocked. The browser refuses cookies whose Domain does not match the backend host (localhost), so the CDN request carries no CloudFront-* cookies; the edge answers 403 MissingKey without CORS headers, which the page only sees as a network error.',
  2: 'Expected: blocked. Cookies are stored and sent and the edge answers 200, but CachingOptimized forwards no Origin to S3, so S3 adds no CORS headers; the CORS-With-Preflight policy adds Access-Control-Allow-Origin: *, which a credentialed fetch may not accept.',
  3: 'Expected: still blocked. The distribution now forwards Origin (CORS-S3Origin), but the responses cached in step 2 are served as they are until they are invalidated.',
  4: "Expected: works. After invalidating /*, S3 sees Origin, echoes the page origin with Access-Control-Allow-Credentials: true, and the policy keeps the origin's headers.",
};

let lastStep = 0;

async function runStep(step) {
  // Step 3 shows what the cache kept from step 2; replay step 2 first when it was not the step just run.
  if (step === 3 && lastStep !== 2) await runStep(2);
  lastStep = step;
  const startedAt = Date.now();
  for (const tbody of document.querySelectorAll('#page-view tbody, #edge-view tbody'))
    tbody.replaceChildren();
  document.getElementById('result').hidden = false;
  document.getElementById('result-title').textContent = `Step ${step}`;
  document.getElementById('result-story').textContent = stepStory[step];
  const setup = await (
    await fetch('/demo/step', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ step }),
    })
  ).json();
  const results = [];
  results.push(await pageFetch('cookies from backend', `${setup.backendOrigin}/api/cookies`));
  const lesson = await pageFetch('lesson.json from CDN', lessonUrl);
  results.push(lesson);
  const playlist = await pageFetch('master.m3u8 from CDN', playlistUrl);
  results.push(playlist);
  if (playlist.ok) {
    const text = new TextDecoder().decode(playlist.body);
    const segments = text.split('\n').filter((line) => line && !line.startsWith('#'));
    for (const segment of segments) {
      results.push(await pageFetch(segment, new URL(segment, playlistUrl).href));
    }
    const player = document.getElementById('player');
    if (player.canPlayType('application/vnd.apple.mpegurl')) player.src = playlistUrl;
  }
  const edge = await (await fetch(`/demo/edge-log?since=${startedAt}`)).json();
  for (const entry of edge.entries) {
    const cors =
      Object.entries(entry.corsHeaders)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n') || '(none)';
    row('edge-view', [
      `${entry.method} ${entry.path}`,
      String(entry.status),
      entry.xCache ?? '',
      entry.signedAccess ?? '',
      cors,
    ]);
  }
  document.querySelector(`li[data-step="${step}"]`).classList.add('done');
  const summary = {
    step,
    lessonOk: lesson.ok,
    lessonText: lesson.ok ? new TextDecoder().decode(lesson.body) : undefined,
    results: results.map(({ body, ...rest }) => rest),
    edge: edge.entries,
  };
  window.demoResults = { ...(window.demoResults ?? {}), [step]: summary };
  document.body.dataset.lastStep = String(step);
  return summary;
}

window.runStep = runStep;
for (const button of document.querySelectorAll('button[data-step]')) {
  button.addEventListener('click', () => runStep(Number(button.dataset.step)));
}
