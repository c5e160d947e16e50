// The console's read-only pages: distributions, buckets, cache and invalidations, as tables.

import { el } from './pipeline.js';

function table(caption, headings, rows, attributes = {}) {
  return el(
    'table',
    attributes,
    el('caption', { text: caption }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headings.map((h) => el('th', { scope: 'col', text: h })),
      ),
    ),
    el(
      'tbody',
      {},
      rows.length === 0
        ? el('tr', {}, el('td', { colspan: headings.length, class: 'empty', text: 'none' }))
        : rows.map((cells) =>
            el(
              'tr',
              {},
              cells.map((cell) => el('td', {}, cell)),
            ),
          ),
    ),
  );
}

const policy = (ref) =>
  ref ? el('span', {}, ref.name, el('br'), el('code', { class: 'id', text: ref.id })) : 'none';

export function renderDistributions(overview) {
  return overview.distributions.map((d) => {
    const status = overview.status.find((s) => s.id === d.id);
    return el(
      'article',
      { class: 'card', 'data-distribution': d.id },
      el('h3', {}, `Distribution ${d.id}`),
      el(
        'p',
        {},
        `${[...d.aliases, d.domainName].join(', ')} · config ETag `,
        el('code', { text: d.etag }),
        status
          ? ` · ${status.cache.entries} cached entries (${status.cache.entriesUnderOtherConfig} under another config)`
          : '',
        d.enabled ? '' : ' · disabled',
      ),
      table(
        'Behaviors (in match order)',
        [
          'path pattern',
          'origin',
          'cache policy',
          'origin request policy',
          'response headers policy',
          'functions',
          'trusted key groups',
        ],
        d.behaviors.map((b) => [
          el('code', { text: b.pathPattern }),
          b.targetOriginId,
          b.legacy ? 'legacy ForwardedValues' : policy(b.cachePolicy),
          policy(b.originRequestPolicy),
          policy(b.responseHeadersPolicy),
          b.functions.length === 0
            ? 'none'
            : b.functions.map((f) =>
                el('div', {}, `${f.eventType}: ${f.kind} `, el('code', { text: f.arn })),
              ),
          b.trustedKeyGroups.length === 0
            ? 'none (public)'
            : b.trustedKeyGroups.map((g) =>
                el(
                  'div',
                  {},
                  `${g.name} `,
                  el('code', { class: 'id', text: g.id }),
                  ` keys: ${g.keyIds.join(', ')}`,
                ),
              ),
        ]),
        { class: 'behaviors' },
      ),
      table(
        'Origins',
        ['id', 'domain name', 'type', 'origin access control'],
        d.origins.map((o) => [o.id, o.domainName, o.kind, o.originAccessControlId ?? 'none']),
      ),
    );
  });
}

export function renderKeyGroups(overview) {
  return table(
    'Trusted key groups',
    ['name', 'id', 'public key ids'],
    overview.keyGroups.map((g) => [g.name, el('code', { text: g.id }), g.keyIds.join(', ')]),
  );
}

function corsRules(rules) {
  const list = Array.isArray(rules) ? rules : (rules?.CORSRules ?? null);
  if (!list || list.length === 0) return 'none';
  return el(
    'ol',
    { class: 'cors-rules' },
    list.map((r) =>
      el(
        'li',
        {},
        `origins ${(r.AllowedOrigins ?? []).join(', ')}; methods ${(r.AllowedMethods ?? []).join(', ')}`,
        r.AllowedHeaders?.length ? `; headers ${r.AllowedHeaders.join(', ')}` : '',
        r.ExposeHeaders?.length ? `; expose ${r.ExposeHeaders.join(', ')}` : '',
        r.MaxAgeSeconds !== undefined ? `; max age ${r.MaxAgeSeconds} s` : '',
      ),
    ),
  );
}

export function renderBuckets(overview) {
  return table(
    'Buckets',
    ['bucket', 'region', 'ACL', 'CORS rules', 'bucket policy', 'distributions allowed (OAC)'],
    overview.buckets.map((b) => [
      el('code', { text: b.name }),
      b.region,
      b.acl,
      corsRules(b.corsRules),
      b.bucketPolicy ? el('pre', { class: 'policy', text: JSON.stringify(b.bucketPolicy, null, 2) }) : 'none',
      b.allowedDistributionIds.join(', ') || 'none',
    ]),
    { class: 'buckets' },
  );
}

export function renderCache(entries, onInvalidate) {
  return table(
    'Cached objects',
    ['distribution', 'path', 'status', 'bytes', 'age', 'TTL left', 'stored under config', ''],
    entries.map((e) => [
      e.distributionId,
      el('code', { text: e.invalidationPath }),
      String(e.status),
      String(e.sizeBytes),
      `${e.ageSeconds} s`,
      `${e.ttlLeftSeconds} s`,
      el(
        'span',
        { class: e.underCurrentConfig ? '' : 'warn' },
        el('code', { text: e.configEtag ?? 'unknown' }),
        e.underCurrentConfig ? ' (current)' : ' (not the current config)',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => onInvalidate(e.distributionId, [e.invalidationPath]),
          'data-focus-key': `${e.distributionId} ${e.invalidationPath}`,
          'aria-label': `Invalidate ${e.invalidationPath}`,
        },
        'Invalidate',
      ),
    ]),
    { class: 'cache' },
  );
}

export function renderInvalidations(distributions) {
  return distributions.map((d) =>
    table(
      `Invalidations of ${d.distributionId}`,
      ['id', 'status', 'created', 'completed', 'paths'],
      d.items.map((i) => [
        el('code', { text: i.Id }),
        i.Status,
        i.CreateTime,
        i.CompletedTime ?? '—',
        i.InvalidationBatch.Paths.Items.join(' '),
      ]),
      { class: 'invalidations' },
    ),
  );
}

export function renderFleet(fleet) {
  if (!fleet.enabled)
    return [
      el(
        'p',
        { class: 'hint' },
        'This edge keeps its control-plane state alone (embedded database). Set ',
        el('code', { text: '"state": { "postgres": "postgres://…" }' }),
        ' to share it with a fleet of edges.',
      ),
    ];
  if (fleet.unavailable) return [el('p', { class: 'problem', role: 'alert', text: fleet.unavailable })];
  const rows = fleet.edges.map((e) => [
    el('span', {}, el('code', { text: e.edgeId }), e.thisEdge ? ' (this edge)' : ''),
    el('time', { datetime: e.lastHeartbeat, text: new Date(e.lastHeartbeat).toLocaleString() }),
    e.live ? 'live' : 'departed',
    e.inAcknowledgingSet ? 'yes' : 'no',
    Object.keys(e.deployed).length === 0
      ? 'none'
      : el(
          'ul',
          {},
          Object.entries(e.deployed).map(([id, etag]) =>
            el(
              'li',
              {},
              `${id}: `,
              el('code', { text: etag }),
              e.behind.includes(id) ? ' (not the ETag this edge serves)' : '',
            ),
          ),
        ),
    String(e.invalidationsNotApplied),
  ]);
  return [
    el(
      'p',
      {},
      `A distribution is Deployed, and an invalidation Completed, once every edge in the acknowledging set has reported it. An edge leaves the set when its last heartbeat is older than ${fleet.liveTimeoutSeconds} s; an edge that stops cleanly leaves the list.`,
    ),
    table(
      'Edges sharing the control-plane state',
      [
        'edge',
        'last heartbeat',
        'state',
        'acknowledging',
        'config ETags served',
        'invalidations not applied',
      ],
      rows,
      { 'data-fleet': '' },
    ),
  ];
}
