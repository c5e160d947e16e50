// CloudFront Functions in the request path, through a real edge listener started from an `edge` config
// section with the function code in files: viewer-request before the cache (also on hits), viewer-response
// before sending, generated responses, KeyValueStore lookups, origin selection, the 503/502 pages for
// failing functions, and the function stages in the trace.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { TraceEntry } from '../../src/edge/index.ts';
import { compileFunction, createFunctionEngine, testFunction } from '../../src/edge/functions/index.ts';
import { distributionConfig } from '../support/edge-harness.ts';
import { startEdgeServiceFixture } from '../support/edge-service-fixture.ts';
import { sendRaw } from '../support/http-client.ts';
import {
  type OriginRequestRecord,
  type ScriptedResponse,
  startScriptedOrigin,
} from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';
const arn = (name: string) => `arn:aws:cloudfront::123456789012:function/${name}`;

type FunctionFile = {
  name: string;
  code: string;
  runtime?: string;
  eventType: 'viewer-request' | 'viewer-response';
  kvs?: string;
};

async function setup(
  t: TestContext,
  functions: FunctionFile[],
  script: (request: OriginRequestRecord) => ScriptedResponse = (req) => ({
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=300' },
    body: `origin:${req.rawTarget}`,
  }),
  extra: {
    files?: Record<string, unknown>;
    edge?: Record<string, unknown>;
    extraOrigins?: Record<string, string>;
    behavior?: Record<string, unknown>;
  } = {},
) {
  const origin = await startScriptedOrigin(script);
  t.after(() => origin.close());
  const files: Record<string, unknown> = { ...extra.files };
  for (const fn of functions) files[`${fn.name}.js`] = fn.code;
  const distribution = distributionConfig({
    aliases: [HOST],
    defaultBehavior: {
      FunctionAssociations: {
        Quantity: functions.length,
        Items: functions.map((fn) => ({ FunctionARN: arn(fn.name), EventType: fn.eventType })),
      },
      ...extra.behavior,
    },
  }) as { DistributionConfig: { Origins: { Quantity: number; Items: Record<string, unknown>[] } } };
  const origins = distribution.DistributionConfig.Origins;
  for (const [id, domain] of Object.keys(extra.extraOrigins ?? {}).map((id) => [id, `${id}.example.com`])) {
    origins.Items.push({ ...origins.Items[0], Id: id, DomainName: domain });
    origins.Quantity++;
  }
  files['dist.json'] = distribution;
  const fixture = await startEdgeServiceFixture(t, files, {
    distributions: [{ id: 'E1FUNC', config: 'dist.json' }],
    origins: {
      'origin.example.com': origin.url,
      ...Object.fromEntries(
        Object.entries(extra.extraOrigins ?? {}).map(([id, url]) => [`${id}.example.com`, url]),
      ),
    },
    functions: functions.map((fn) => ({
      Name: fn.name,
      Runtime: fn.runtime ?? 'cloudfront-js-2.0',
      Code: `${fn.name}.js`,
      ...(fn.kvs === undefined ? {} : { KeyValueStoreAssociations: [fn.kvs] }),
    })),
    ...extra.edge,
  });
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(fixture.url, target, { headers: { host: HOST, ...headers } });
  return { origin, fixture, get };
}

const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  else if (request.uri.split('/').pop().indexOf('.') === -1) request.uri += '/index.html';
  if (request.headers['x-block']) return { statusCode: 403, statusDescription: 'Forbidden', body: 'blocked by function' };
  return request;
}`;

test('a viewer-request function rewrites the URI before the cache and runs again on a cache hit', async (t) => {
  const { origin, get } = await setup(t, [{ name: 'spa', code: SPA_REWRITE, eventType: 'viewer-request' }]);
  const first = await get('/app/settings');
  assert.equal(first.status, 200);
  assert.equal(first.text, 'origin:/app/settings/index.html');
  assert.equal(first.header('x-cache'), 'Miss from cloudfront');
  const again = await get('/app/settings');
  assert.equal(again.header('x-cache'), 'Hit from cloudfront');
  assert.equal(origin.count(), 1, 'the rewritten URI is the cache key');
  const blocked = await get('/app/settings', { 'x-block': '1' });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.text, 'blocked by function');
  assert.equal(blocked.header('x-cache'), 'FunctionGeneratedResponse from cloudfront');
  assert.equal(origin.count(), 1);
});

const SECURITY_HEADERS = `function handler(event) {
  var headers = event.response.headers;
  headers['strict-transport-security'] = { value: 'max-age=63072000' };
  headers['x-frame-options'] = { value: 'DENY' };
  return event.response;
}`;

test('a viewer-response function adds headers on a miss and on a hit, not to an origin error', async (t) => {
  const { get } = await setup(
    t,
    [{ name: 'security', code: SECURITY_HEADERS, eventType: 'viewer-response' }],
    (req): ScriptedResponse =>
      req.rawTarget === '/missing'
        ? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'nope' }
        : { headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=300' }, body: 'ok' },
  );
  for (const expected of ['Miss from cloudfront', 'Hit from cloudfront']) {
    const res = await get('/page.html');
    assert.equal(res.header('x-cache'), expected);
    assert.equal(res.header('x-frame-options'), 'DENY');
    assert.equal(res.header('strict-transport-security'), 'max-age=63072000');
    assert.equal(res.text, 'ok');
  }
  const missing = await get('/missing');
  assert.equal(missing.status, 404);
  assert.equal(
    missing.header('x-frame-options'),
    undefined,
    'CloudFront does not run viewer-response on 4xx/5xx',
  );
});

test('a redirect by CloudFront-Viewer-Country is answered by the function without contacting the origin', async (t) => {
  const code = `function handler(event) {
    var country = event.request.headers['cloudfront-viewer-country'];
    if (country && country.value === 'DE') {
      return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://www.example.com/de/' } } };
    }
    return event.request;
  }`;
  const { origin, get } = await setup(t, [{ name: 'geo', code, eventType: 'viewer-request' }]);
  const res = await get('/', { 'cloudfront-viewer-country': 'DE' });
  assert.equal(res.status, 302);
  assert.equal(res.header('location'), 'https://www.example.com/de/');
  assert.equal(res.header('x-cache'), 'FunctionGeneratedResponse from cloudfront');
  assert.equal(origin.count(), 0);
});

test('a KeyValueStore loaded from its import file drives redirects', async (t) => {
  const code = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
  try {
    const target = await kvs.get(event.request.uri);
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: target } } };
  } catch (e) {
    return event.request;
  }
}`;
  const { get } = await setup(
    t,
    [{ name: 'moved', code, eventType: 'viewer-request', kvs: 'redirects' }],
    undefined,
    {
      files: { 'redirects.json': { data: [{ key: '/old', value: '/new' }] } },
      edge: { keyValueStores: [{ Name: 'redirects', Data: 'redirects.json' }] },
    },
  );
  const moved = await get('/old');
  assert.equal(moved.status, 301);
  assert.equal(moved.header('location'), '/new');
  const other = await get('/other.txt');
  assert.equal(other.status, 200);
});

test('a function that throws or loops answers with CloudFront 503 pages; one that adds a disallowed header with 502', async (t) => {
  const cases: [string, string, number, string][] = [
    ['throws', 'function handler(event) { throw new Error("boom"); }', 503, 'FunctionExecutionError'],
    ['loops', 'function handler(event) { for (;;) {} }', 503, 'FunctionThrottledError'],
    [
      'upgrade',
      'function handler(event) { event.request.headers.upgrade = { value: "h2c" }; return event.request; }',
      502,
      'FunctionValidationError',
    ],
  ];
  for (const [name, code, status, error] of cases) {
    const { origin, get } = await setup(t, [{ name, code, eventType: 'viewer-request' }]);
    const res = await get('/a.txt');
    assert.equal(res.status, status, name);
    assert.equal(res.header('x-cache'), `${error} from cloudfront`, name);
    assert.match(res.text, new RegExp(`${status} ERROR[\\s\\S]*The CloudFront function`), name);
    assert.equal(origin.count(), 0, name);
  }
});

test('the trace records each function stage with its event, output, duration and logs, and TestFunction gives the same output', async (t) => {
  const code = `function handler(event) {
    console.log('rewriting ' + event.request.uri);
    event.request.uri = '/rewritten' + event.request.uri;
    event.request.headers['x-added'] = { value: 'by function' };
    return event.request;
  }`;
  // Managed-AllViewer: every viewer header, the function's included, reaches the origin.
  const { fixture, get, origin } = await setup(
    t,
    [{ name: 'tracing', code, eventType: 'viewer-request' }],
    undefined,
    {
      behavior: { OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3' },
    },
  );
  const res = await get('/a.txt?q=1', { 'x-frontgate-trace': '1' });
  assert.equal(res.text, 'origin:/rewritten/a.txt?q=1');
  assert.equal(origin.requests[0]?.headers['x-added'], 'by function');
  const id = res.header('x-frontgate-trace-id');
  assert.ok(id);
  const trace = (await (
    await fetch(`${fixture.service.adminUrl}/traces/${encodeURIComponent(id)}`)
  ).json()) as {
    entries: TraceEntry[];
  };
  const stage = trace.entries.find((entry) => (entry.stage as string) === 'viewer-request-function') as
    | (TraceEntry & {
        event: { request: { uri: string } };
        output: unknown;
        logs: string[];
        durationMs: number;
      })
    | undefined;
  assert.ok(stage, JSON.stringify(trace.entries.map((e) => e.stage)));
  assert.equal(stage.event.request.uri, '/a.txt');
  assert.deepEqual(stage.logs, ['rewriting /a.txt']);
  assert.ok(stage.durationMs >= 0);
  const engine = createFunctionEngine();
  const compiled = await compileFunction(engine, { name: 'tracing', runtime: 'cloudfront-js-2.0', code });
  const tested = await testFunction(engine, compiled, JSON.stringify(stage.event));
  assert.ok(tested.ok);
  if (tested.ok) assert.deepEqual(JSON.parse(tested.result.FunctionOutput), { request: stage.output });
});

test('selectRequestOriginById sends the request to another origin of the distribution', async (t) => {
  const other = await startScriptedOrigin((req) => ({
    headers: { 'content-type': 'text/plain' },
    body: `api:${req.rawTarget}`,
  }));
  t.after(() => other.close());
  const code = `import cf from 'cloudfront';
function handler(event) {
  if (event.request.uri.startsWith('/api/')) cf.selectRequestOriginById('api');
  return event.request;
}`;
  const { get, origin } = await setup(t, [{ name: 'route', code, eventType: 'viewer-request' }], undefined, {
    extraOrigins: { api: other.url },
  });
  assert.equal((await get('/api/users')).text, 'api:/api/users');
  assert.equal((await get('/index.html')).text, 'origin:/index.html');
  assert.equal(origin.count(), 1);
  assert.equal(other.count(), 1);
});
