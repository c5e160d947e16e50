// Draws one edge request as a pipeline: a strip of the eight stages with the deciding one marked, then each
// stage's summary and the headers that mattered. Shared by the console and the demo page (plain DOM, no
// framework). `view` is the console API's `pipeline` object.

const STATE_TEXT = { ok: 'ok', failed: 'failed', warning: 'warning', info: 'info', skipped: 'skipped' };

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A header as `Name: value`, the name never broken; `Access-Control-Allow-Origin: *` is marked decisive. */
export function headerLine(name, value) {
  const decisive = name.toLowerCase() === 'access-control-allow-origin' && value.trim() === '*';
  return el(
    'code',
    {
      class: decisive ? 'header decisive' : 'header',
      title: decisive ? 'A wildcard: refused on a credentialed request' : undefined,
    },
    el('span', { class: 'header-name', text: canonicalName(name) }),
    ': ',
    el('span', { class: 'header-value', text: value }),
  );
}

function canonicalName(name) {
  return name.replace(/(^|-)([a-z])/g, (_m, dash, letter) => dash + letter.toUpperCase());
}

function stageDetail(node) {
  return el(
    'li',
    {
      class: `stage-detail state-${node.state}${node.deciding ? ' deciding' : ''}`,
      'data-stage': node.id,
    },
    el('strong', { text: `${node.label}${node.deciding ? ' — decided the outcome' : ''}` }),
    el('p', { text: node.summary }),
    node.headers.length === 0
      ? null
      : el(
          'ul',
          { class: 'headers' },
          node.headers.map(([n, v]) => el('li', {}, headerLine(n, v))),
        ),
  );
}

/**
 * `compact` (the demo) shows the deciding stage and what was sent, with every other stage one click away;
 * the console shows every stage.
 */
export function renderPipeline(view, { headingLevel = 3, compact = false } = {}) {
  const deciding = view.nodes.find((node) => node.deciding);
  const figure = el('figure', {
    class: 'pipeline',
    'data-deciding': view.deciding,
    'data-request-id': view.id,
  });
  figure.append(
    el(
      `h${headingLevel}`,
      { class: 'pipeline-title' },
      el('span', { class: 'method', text: view.method }),
      ' ',
      el('span', { class: 'target', text: view.rawTarget }),
      ' → ',
      el('span', {
        class: `status status-${String(view.status)[0]}xx`,
        text: `${view.status} ${view.resultType}`,
      }),
    ),
  );
  const strip = el('ol', { class: 'stage-strip', 'aria-label': 'Stages of this request, in order' });
  for (const node of view.nodes) {
    strip.append(
      el(
        'li',
        {
          class: `stage state-${node.state}${node.deciding ? ' deciding' : ''}`,
          'data-stage': node.id,
          'data-state': node.state,
        },
        el('span', { class: 'stage-label', text: node.label }),
        el('span', {
          class: 'stage-state',
          text: node.deciding ? `${STATE_TEXT[node.state]} · decided` : STATE_TEXT[node.state],
        }),
      ),
    );
  }
  figure.append(strip);
  const shown = view.nodes.filter(
    (node) => node.state !== 'skipped' || node.id === 'function' || node.id === 'origin',
  );
  const key = compact ? shown.filter((node) => node.deciding || node.id === 'send') : shown;
  figure.append(el('ol', { class: 'stage-details' }, key.map(stageDetail)));
  const rest = shown.filter((node) => !key.includes(node));
  if (rest.length > 0)
    figure.append(
      el(
        'details',
        { class: 'more-stages' },
        el('summary', { text: `The other stages (${rest.map((node) => node.label).join(', ')})` }),
        el('ol', { class: 'stage-details' }, rest.map(stageDetail)),
      ),
    );
  figure.append(
    el('figcaption', {
      class: 'visually-hidden',
      text: `Decided at the ${deciding?.label ?? view.deciding} stage.`,
    }),
  );
  return figure;
}

/** The doctor's verdict for a request, with Chromium's console line, the root cause and the fix. */
export function renderDiagnosis(diagnosis, { headingLevel = 4 } = {}) {
  if (!diagnosis)
    return el('p', { class: 'hint', text: 'Choose a page origin to see what a browser would do.' });
  const works = diagnosis.verdict === 'ok';
  const message = diagnosis.pageSees.consoleMessage ?? diagnosis.pageSees.detail;
  return el(
    'section',
    { class: `diagnosis ${works ? 'works' : 'blocked'}`, 'data-verdict': works ? 'works' : 'blocked' },
    el(
      `h${headingLevel}`,
      {},
      el('span', { class: 'verdict', text: works ? 'Works' : 'Blocked' }),
      ` for a page on ${diagnosis.request.pageOrigin} (credentials: '${diagnosis.request.credentialsMode}')`,
    ),
    message
      ? el(
          'p',
          {},
          el('span', { class: 'label', text: "Chromium's console: " }),
          el('q', { class: 'console-line', text: message }),
        )
      : null,
    el(
      'p',
      {},
      el('span', { class: 'label', text: 'Root cause: ' }),
      el('code', { text: diagnosis.rootCause.code }),
      ` (${diagnosis.rootCause.stage}) — ${diagnosis.rootCause.explanation}`,
    ),
    works ? null : el('p', {}, el('span', { class: 'label', text: 'Fix: ' }), diagnosis.rootCause.fix),
  );
}
