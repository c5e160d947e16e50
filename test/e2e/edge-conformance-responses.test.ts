// Conformance: response-side rules through a real listener — compression conditions row by row (spec
// AWS: "Serve compressed files"), response headers policies (remove before add, origin override, security header
// rendering, managed SecurityHeadersPolicy, preflight-only CORS headers; AWS: "Add or remove HTTP headers in CloudFront responses with a policy"), and invalidation path
// rules against live cache entries (AWS: "Invalidate files to remove content": `*` only last, case-sensitive, query strings, every variant).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import {
  type OriginRequestRecord,
  type ScriptedResponse,
  startScriptedOrigin,
} from '../support/scripted-origin.ts';

const HOST = 'resp.example.test';

async function setup(
  t: import('node:test').TestContext,
  script: (req: OriginRequestRecord) => ScriptedResponse,
  overrides: Parameters<typeof distributionConfig>[0] = {},
  customPolicies?: Parameters<typeof compileTestDistribution>[0]['customPolicies'],
) {
  const origin = await startScriptedOrigin(script);
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1RESP',
    config: distributionConfig({ aliases: [HOST], ...overrides }),
    originUrls: { 'origin.example.com': origin.url },
    customPolicies,
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const send = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
    sendRaw(harness.url, target, { method, headers: { host: HOST, ...headers } });
  return { origin, harness, send };
}

type CompressionRow = {
  readonly name: string;
  readonly status?: number;
  readonly type: string;
  readonly bytes: number;
  readonly encoded?: string;
  readonly accept: string;
  readonly expect: 'br' | 'gzip' | undefined;
};

const COMPRESSION_ROWS: readonly CompressionRow[] = [
  {
    name: 'text/html 5,000 bytes, br+gzip accepted → br',
    type: 'text/html',
    bytes: 5000,
    accept: 'gzip, br',
    expect: 'br',
  },
  {
    name: 'gzip only accepted → gzip',
    type: 'application/json',
    bytes: 5000,
    accept: 'gzip',
    expect: 'gzip',
  },
  {
    name: 'content type parameters ignored',
    type: 'text/css; charset=utf-8',
    bytes: 5000,
    accept: 'gzip',
    expect: 'gzip',
  },
  { name: 'exactly 1,000 bytes compressed', type: 'text/plain', bytes: 1000, accept: 'gzip', expect: 'gzip' },
  { name: '999 bytes not compressed', type: 'text/plain', bytes: 999, accept: 'gzip', expect: undefined },
  { name: 'image/png not compressible', type: 'image/png', bytes: 5000, accept: 'gzip', expect: undefined },
  { name: 'image/svg+xml compressible', type: 'image/svg+xml', bytes: 5000, accept: 'br', expect: 'br' },
  { name: '403 compressed', status: 403, type: 'text/html', bytes: 5000, accept: 'gzip', expect: 'gzip' },
  { name: '404 compressed', status: 404, type: 'text/html', bytes: 5000, accept: 'gzip', expect: 'gzip' },
  {
    name: '500 not compressed',
    status: 500,
    type: 'text/html',
    bytes: 5000,
    accept: 'gzip',
    expect: undefined,
  },
  {
    name: 'origin Content-Encoding passed through',
    type: 'text/html',
    bytes: 5000,
    encoded: 'deflate',
    accept: 'gzip',
    expect: undefined,
  },
  { name: 'viewer accepts neither', type: 'text/html', bytes: 5000, accept: 'deflate', expect: undefined },
];

test('compression conditions of AWS: "Serve compressed files", row by row', async (t) => {
  const rows = new Map(COMPRESSION_ROWS.map((row, i) => [`/c${i}`, row]));
  const { send } = await setup(
    t,
    (req) => {
      const row = rows.get(req.rawTarget) as CompressionRow;
      return {
        status: row.status ?? 200,
        headers: { 'content-type': row.type, ...(row.encoded ? { 'content-encoding': row.encoded } : {}) },
        body: 'x'.repeat(row.bytes),
      };
    },
    { defaultBehavior: { Compress: true } },
  );
  for (const [target, row] of rows) {
    const res = await send(target, { 'accept-encoding': row.accept });
    assert.equal(res.header('content-encoding'), row.expect ?? row.encoded, row.name);
    if (row.expect !== undefined) assert.ok(res.body.length < row.bytes, `${row.name}: body is compressed`);
    else assert.equal(res.body.length, row.bytes, row.name);
  }
});

test('no compression when the cache policy has TTLs of 0 (CachingDisabled) even with Compress', async (t) => {
  const { send } = await setup(
    t,
    () => ({ headers: { 'content-type': 'text/html' }, body: 'x'.repeat(5000) }),
    {
      defaultBehavior: { Compress: true, CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
    },
  );
  const res = await send('/d', { 'accept-encoding': 'gzip' });
  assert.equal(res.header('content-encoding'), undefined);
  assert.equal(res.body.length, 5000);
});

const RHP = {
  responseHeadersPolicies: [
    {
      Id: 'rhp-conf',
      ResponseHeadersPolicyConfig: {
        Name: 'conformance',
        CorsConfig: {
          AccessControlAllowOrigins: {
            Quantity: 2,
            Items: ['https://app.example', 'https://*.tenant.example'],
          },
          AccessControlAllowHeaders: { Quantity: 1, Items: ['X-Custom'] },
          AccessControlAllowMethods: { Quantity: 1, Items: ['ALL'] },
          AccessControlAllowCredentials: true,
          AccessControlExposeHeaders: { Quantity: 1, Items: ['ETag'] },
          AccessControlMaxAgeSec: 600,
          OriginOverride: true,
        },
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            Override: true,
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
            Preload: true,
          },
          XSSProtection: { Override: true, Protection: true, ModeBlock: true },
          ReferrerPolicy: { Override: false, ReferrerPolicy: 'no-referrer' },
          ContentSecurityPolicy: { Override: true, ContentSecurityPolicy: "default-src 'self'" },
        },
        CustomHeadersConfig: {
          Quantity: 2,
          Items: [
            { Header: 'X-Powered-By', Value: 'policy', Override: false },
            { Header: 'Cache-Control', Value: 'no-store', Override: true },
          ],
        },
        RemoveHeadersConfig: { Quantity: 2, Items: [{ Header: 'X-Powered-By' }, { Header: 'Server' }] },
      },
    },
  ],
};

test('response headers policy: remove first then add, override flags, security header rendering, Server replaced', async (t) => {
  const { origin, harness, send } = await setup(
    t,
    () => ({
      headers: {
        'content-type': 'text/plain',
        'x-powered-by': 'origin',
        server: 'nginx',
        'referrer-policy': 'origin',
        'cache-control': 'max-age=60',
      },
      body: 'p',
    }),
    { defaultBehavior: { ResponseHeadersPolicyId: 'rhp-conf' } },
    RHP,
  );
  for (const expected of ['Miss', 'Hit']) {
    const res = await send('/p', { origin: 'https://a.tenant.example' });
    assert.equal(res.header('x-cache'), `${expected} from cloudfront`);
    // Removed then added: the policy value, although its override is false (AWS: "Add or remove HTTP headers in CloudFront responses with a policy").
    assert.equal(res.header('x-powered-by'), 'policy');
    assert.equal(res.header('server'), 'CloudFront');
    assert.equal(res.header('referrer-policy'), 'origin', 'override false keeps the origin value');
    assert.equal(res.header('strict-transport-security'), 'max-age=63072000; includeSubDomains; preload');
    assert.equal(res.header('x-xss-protection'), '1; mode=block');
    assert.equal(res.header('content-security-policy'), "default-src 'self'");
    assert.equal(res.header('access-control-allow-origin'), 'https://a.tenant.example');
    assert.equal(res.header('access-control-allow-credentials'), 'true');
    assert.equal(res.header('access-control-expose-headers'), 'ETag');
    assert.equal(res.header('access-control-allow-methods'), undefined, 'preflight-only header on a GET');
    assert.equal(res.header('access-control-max-age'), undefined);
    assert.equal(res.header('cache-control'), 'no-store');
  }
  // The viewer-facing Cache-Control came from the policy; CloudFront cached on the origin's max-age=60.
  harness.clock.advance(30);
  assert.equal((await send('/p')).header('x-cache'), 'Hit from cloudfront');
  assert.equal(origin.count(), 1);
  const mismatch = await send('/p', { origin: 'https://evil.example' });
  assert.equal(mismatch.status, 200);
  assert.equal(mismatch.header('access-control-allow-origin'), undefined);
});

test('response headers policy on a preflight: the origin status is kept, preflight headers are added, ALL is expanded', async (t) => {
  const { send, origin } = await setup(
    t,
    () => ({ status: 204, headers: {}, body: '' }),
    {
      defaultBehavior: {
        ResponseHeadersPolicyId: 'rhp-conf',
        AllowedMethods: {
          Quantity: 3,
          Items: ['GET', 'HEAD', 'OPTIONS'],
          CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
        },
      },
    },
    RHP,
  );
  const res = await send(
    '/api',
    { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
    'OPTIONS',
  );
  assert.equal(res.status, 204);
  assert.equal(origin.count(), 1, 'the preflight goes to the origin; the policy never answers it');
  assert.equal(res.header('access-control-allow-origin'), 'https://app.example');
  assert.equal(res.header('access-control-allow-headers'), 'X-Custom');
  assert.equal(res.header('access-control-max-age'), '600');
  const methods = (res.header('access-control-allow-methods') ?? '').split(/,\s*/).sort();
  assert.deepEqual(methods, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
});

test('managed SecurityHeadersPolicy: nosniff always, the others only when the origin sent none', async (t) => {
  const { send } = await setup(
    t,
    () => ({ headers: { 'x-frame-options': 'DENY', 'x-content-type-options': 'bogus' }, body: 's' }),
    { defaultBehavior: { ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03' } },
  );
  const res = await send('/s');
  assert.equal(res.header('x-content-type-options'), 'nosniff');
  assert.equal(res.header('x-frame-options'), 'DENY');
  assert.equal(res.header('referrer-policy'), 'strict-origin-when-cross-origin');
  assert.equal(res.header('strict-transport-security'), 'max-age=31536000');
  assert.equal(res.header('x-xss-protection'), '1; mode=block');
});

test('invalidation paths: case-sensitive, query strings part of the path when keyed, trailing * for variants', async (t) => {
  const { origin, harness, send } = await setup(
    t,
    (req) => ({ headers: { 'cache-control': 'max-age=600' }, body: req.rawTarget }),
    {
      defaultBehavior: { CachePolicyId: '4cc15a8a-d715-48a4-82b8-cc0b614638fe' },
    },
  );
  const targets = ['/img/a.jpg?size=1', '/img/a.jpg?size=2', '/img/A.jpg', '/img/b.jpg', '/img'];
  for (const target of targets) await send(target);
  const hits = async () => {
    const out: string[] = [];
    for (const target of targets)
      out.push((await send(target)).header('x-cache') === 'Hit from cloudfront' ? 'H' : 'M');
    return out.join('');
  };
  assert.equal(await hits(), 'HHHHH');
  const invalidate = (paths: string[]) =>
    harness.edge.invalidations.create('E1RESP', paths, `ref-${paths.join()}`);
  invalidate(['/img/a.jpg']); // no query: matches neither keyed variant
  assert.equal(await hits(), 'HHHHH');
  invalidate(['/img/a.jpg?size=1']);
  assert.equal(await hits(), 'MHHHH');
  invalidate(['/img/a.jpg*']); // every query variant, not /img/A.jpg
  assert.equal(await hits(), 'MMHHH');
  invalidate(['/img*']); // prefix: siblings and the bare directory
  assert.equal(await hits(), 'MMMMM');
  assert.throws(() => invalidate(['/img/*.jpg']), /only as its last character/);
  assert.throws(() => invalidate(['img/a.jpg']), /must start with/);
  assert.equal(origin.count(), 5 + 1 + 2 + 5);
});
