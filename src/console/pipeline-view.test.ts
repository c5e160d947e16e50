import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EdgeTrace, TraceEntry } from '../edge/index.ts';
import { diagnoseTrace } from './diagnose-trace.ts';
import { buildPipelineView } from './pipeline-view.ts';

const PAGE = 'https://local.junlog.dev:3000';
const names = new Map([
  ['658327ea-f89d-4fab-a63d-7e88639e58f6', 'Managed-CachingOptimized'],
  ['5cc3b908-e619-4b99-88e5-2cf7f45965bd', 'Managed-CORS-With-Preflight'],
]);

function trace(entries: readonly TraceEntry[]): EdgeTrace {
  return {
    id: 't1',
    requestId: 't1',
    startedAt: '2026-12-05T08:00:00.000Z',
    method: 'GET',
    rawTarget: '/videos/course-1/lesson.json',
    entries,
  };
}

const receive: TraceEntry = {
  stage: 'receive',
  distributionId: 'E1',
  host: 'dev.cloudfront.junlog.dev',
  rawPath: '/videos/course-1/lesson.json',
  rawQuery: '',
  clientIp: '127.0.0.1',
  scheme: 'https',
  configEtag: 'E2FIXED',
};
const behavior: TraceEntry = {
  stage: 'match-behavior',
  pathPattern: '*',
  targetOriginId: 's3',
  originRawPath: '/videos/course-1/lesson.json',
  outcome: 'matched',
  cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  responseHeadersPolicyId: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
};
const allowed: TraceEntry = {
  stage: 'check-signed-access',
  required: true,
  decision: 'allowed',
  detail: { via: 'cookie', keyPairId: 'K1' },
};
const keyParts = { query: '', headers: [], cookies: [], acceptEncoding: 'br,gzip' };
const wildcard: TraceEntry = {
  stage: 'response-headers',
  policyId: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
  applied: true,
  removed: [],
  added: [['access-control-allow-origin', '*']],
};
const sendWildcard: TraceEntry = {
  stage: 'send',
  status: 200,
  resultType: 'Miss',
  headers: [
    ['access-control-allow-origin', '*'],
    ['X-Cache', 'Miss from cloudfront'],
  ],
};

async function view(entries: readonly TraceEntry[]) {
  const t = trace(entries);
  const { report } = await diagnoseTrace(t, { pageOrigin: PAGE, credentialsMode: 'include' });
  return {
    pipeline: buildPipelineView(t, {
      policyNames: names,
      nowMs: Date.parse('2026-12-05T08:00:30.000Z'),
      report,
    }),
    report,
  };
}

test('a missing signature stops the request at the signed-access stage, which decides', async () => {
  const { pipeline, report } = await view([
    receive,
    behavior,
    {
      stage: 'check-signed-access',
      required: true,
      decision: 'denied',
      code: 'MissingKey',
      message: 'Missing Key-Pair-Id',
    },
    { stage: 'send', status: 403, resultType: 'Error', headers: [['content-type', 'text/xml']] },
  ]);
  assert.equal(report.verdict, 'blocked');
  assert.equal(pipeline.deciding, 'signed-access');
  assert.deepEqual(
    pipeline.nodes.map((n) => [n.id, n.state]),
    [
      ['receive', 'ok'],
      ['behavior', 'ok'],
      ['signed-access', 'failed'],
      ['function', 'skipped'],
      ['cache', 'skipped'],
      ['origin', 'skipped'],
      ['response-headers', 'skipped'],
      ['send', 'failed'],
    ],
  );
  assert.equal(pipeline.nodes.find((n) => n.id === 'function')?.summary, 'not associated');
});

test('a miss fetched without Origin and answered with a wildcard is decided at the origin stage', async () => {
  const { pipeline, report } = await view([
    receive,
    behavior,
    allowed,
    {
      stage: 'cache-lookup',
      cacheKey: 'k',
      invalidationPath: '/videos/course-1/lesson.json',
      result: 'miss',
      keyParts,
    },
    {
      stage: 'origin-request',
      originId: 's3',
      method: 'GET',
      url: 'http://127.0.0.1/b/k',
      headers: [['host', '127.0.0.1']],
      signed: true,
    },
    {
      stage: 'origin-response',
      status: 200,
      corsHeaders: [],
      freshness: { kind: 'store', rule: 'default-ttl' },
      stored: true,
    },
    wildcard,
    sendWildcard,
  ]);
  assert.equal(report.rootCause.code, 'origin-not-forwarded');
  assert.equal(pipeline.deciding, 'origin');
  assert.match(
    pipeline.nodes.find((n) => n.id === 'behavior')!.summary,
    /Managed-CachingOptimized \(658327ea/,
  );
  assert.deepEqual(pipeline.nodes.find((n) => n.id === 'send')!.headers, [
    ['access-control-allow-origin', '*'],
    ['X-Cache', 'Miss from cloudfront'],
  ]);
});

test('a hit stored under another config is decided at the cache stage, with its age and config version', async () => {
  const { pipeline, report } = await view([
    receive,
    behavior,
    allowed,
    {
      stage: 'cache-lookup',
      cacheKey: 'k',
      invalidationPath: '/videos/course-1/lesson.json',
      result: 'hit',
      keyParts,
      storedConfigEtag: 'E1BROKEN',
      storedAt: '2026-12-05T08:00:10.000Z',
    },
    wildcard,
    { ...sendWildcard, resultType: 'Hit' } as TraceEntry,
  ]);
  assert.equal(report.rootCause.code, 'stale-cache');
  assert.equal(pipeline.deciding, 'cache');
  assert.deepEqual(pipeline.cache, {
    result: 'hit',
    storedConfigEtag: 'E1BROKEN',
    currentConfigEtag: 'E2FIXED',
    ageSeconds: 20,
  });
  assert.equal(pipeline.nodes.find((n) => n.id === 'cache')?.state, 'warning');
  assert.equal(
    pipeline.nodes.find((n) => n.id === 'origin')?.summary,
    'not contacted: served from the cache',
  );
});

test('a request the page gets is decided where its answer came from, and a function stage shows when traced', async () => {
  const { pipeline, report } = await view([
    receive,
    behavior,
    allowed,
    {
      stage: 'viewer-request-function',
      eventType: 'viewer-request',
      name: 'add-header',
      outcome: 'continue',
    } as unknown as TraceEntry,
    {
      stage: 'cache-lookup',
      cacheKey: 'k',
      invalidationPath: '/videos/course-1/lesson.json',
      result: 'miss',
      keyParts,
    },
    {
      stage: 'origin-request',
      originId: 's3',
      method: 'GET',
      url: 'http://127.0.0.1/b/k',
      headers: [['origin', PAGE]],
      signed: true,
    },
    {
      stage: 'origin-response',
      status: 200,
      corsHeaders: [
        ['access-control-allow-origin', PAGE],
        ['access-control-allow-credentials', 'true'],
      ],
      freshness: { kind: 'store', rule: 'default-ttl' },
      stored: true,
    },
    { stage: 'response-headers', policyId: undefined, applied: false, removed: [], added: [] },
    {
      stage: 'send',
      status: 200,
      resultType: 'Miss',
      headers: [
        ['access-control-allow-origin', PAGE],
        ['access-control-allow-credentials', 'true'],
      ],
    },
  ]);
  assert.equal(report.verdict, 'ok');
  assert.equal(pipeline.deciding, 'origin');
  const fn = pipeline.nodes.find((n) => n.id === 'function')!;
  assert.equal(fn.state, 'ok');
  assert.match(fn.summary, /viewer-request: add-header: continue/);
});
