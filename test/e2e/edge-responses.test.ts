// What viewers receive from the edge: viewer protocol policy redirects, the method-not-allowed page, the
// default root object, response headers policies (CORS, override, remove, security), compression, and
// conditional/range answers from the cache (AWS: "Cache behavior settings", "Add or remove HTTP headers in CloudFront responses with a policy", "Troubleshoot error response status codes in CloudFront", "Request and response behavior for Amazon S3 origins").

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ERROR_REASONS } from '../../src/edge/responses/cloudfront-error-page.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import {
  type OriginRequestRecord,
  type ScriptedResponse,
  startScriptedOrigin,
} from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

async function setup(
  t: TestContext,
  script: (request: OriginRequestRecord) => ScriptedResponse,
  overrides: Parameters<typeof distributionConfig>[0] = {},
  customPolicies: Parameters<typeof compileTestDistribution>[0]['customPolicies'] = undefined,
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
  const send = (target: string, headers: Record<string, string> = {}, method = 'GET', body?: string) =>
    sendRaw(harness.url, target, { method, headers: { host: HOST, ...headers }, body });
  return { origin, harness, send };
}

test('redirect-to-https answers GET with CloudFront 301 page and POST with 307', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'x' }), {
    defaultBehavior: {
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: {
        Quantity: 7,
        Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
      },
    },
  });
  const get = await send('/p/a.txt?x=1');
  assert.equal(get.status, 301);
  assert.equal(get.header('location'), `https://${HOST}/p/a.txt?x=1`);
  assert.equal(get.header('x-cache'), 'Redirect from cloudfront');
  assert.equal(get.header('content-type'), 'text/html');
  assert.equal(get.body.length, 167);
  assert.match(
    get.text,
    /<center><h1>301 Moved Permanently<\/h1><\/center>\r\n<hr><center>CloudFront<\/center>/,
  );
  const post = await send('/p', { 'content-length': '0' }, 'POST');
  assert.equal(post.status, 307);
  assert.equal(origin.count(), 0);
});

test('https-only refuses plain HTTP with the 403 page', async (t) => {
  const { send } = await setup(t, () => ({ body: 'x' }), {
    defaultBehavior: { ViewerProtocolPolicy: 'https-only' },
  });
  const res = await send('/a');
  assert.equal(res.status, 403);
  assert.match(res.text, /<H1>403 ERROR<\/H1>/);
});

test('a method the behavior does not allow gets the 403 page with CloudFront sentence, and does not fall through', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'x' }));
  const res = await send(
    '/a',
    { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    'OPTIONS',
  );
  assert.equal(res.status, 403);
  assert.equal(res.header('x-cache'), 'Error from cloudfront');
  assert.ok(res.text.includes(`${ERROR_REASONS.methodNotAllowed}\n`));
  assert.equal(origin.count(), 0);
});

test('a GET with a body is refused with 403', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'x' }));
  const res = await send('/a', { 'content-type': 'text/plain', 'content-length': '7' }, 'GET', 'payload');
  assert.equal(res.status, 403);
  assert.equal(origin.count(), 0);
});

test('the default root object replaces / only, not sub-directories', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'index' }), { defaultRootObject: 'index.html' });
  await send('/');
  await send('/docs/');
  assert.deepEqual(
    origin.requests.map((r) => r.rawTarget),
    ['/index.html', '/docs/'],
  );
});

const corsPolicy = (override: boolean, extra: Record<string, unknown> = {}) => ({
  responseHeadersPolicies: [
    {
      Id: 'rhp-test',
      ResponseHeadersPolicyConfig: {
        Name: 'test-rhp',
        CorsConfig: {
          AccessControlAllowOrigins: { Quantity: 1, Items: ['https://app.example'] },
          AccessControlAllowHeaders: { Quantity: 1, Items: ['x-custom'] },
          AccessControlAllowMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
          AccessControlAllowCredentials: true,
          OriginOverride: override,
        },
        SecurityHeadersConfig: {
          FrameOptions: { Override: true, FrameOption: 'DENY' },
          ContentTypeOptions: { Override: true },
        },
        CustomHeadersConfig: {
          Quantity: 1,
          Items: [{ Header: 'X-Served-By', Value: 'frontgate', Override: false }],
        },
        RemoveHeadersConfig: { Quantity: 1, Items: [{ Header: 'X-Internal' }] },
        ...extra,
      },
    },
  ],
});

test('a response headers policy echoes a listed origin with credentials, on the miss and on the hit', async (t) => {
  const { send } = await setup(
    t,
    () => ({ headers: { 'x-internal': 'secret', 'x-served-by': 'origin' }, body: 'x' }),
    { defaultBehavior: { ResponseHeadersPolicyId: 'rhp-test' } },
    corsPolicy(false),
  );
  for (const expected of ['Miss from cloudfront', 'Hit from cloudfront']) {
    const res = await send('/r', { origin: 'https://app.example' });
    assert.equal(res.header('x-cache'), expected);
    assert.equal(res.header('access-control-allow-origin'), 'https://app.example');
    assert.equal(res.header('access-control-allow-credentials'), 'true');
    assert.equal(res.header('x-frame-options'), 'DENY');
    assert.equal(res.header('x-content-type-options'), 'nosniff');
    assert.equal(res.header('x-internal'), undefined);
    assert.equal(res.header('x-served-by'), 'origin', 'override=false keeps the origin value');
  }
  const other = await send('/r', { origin: 'https://evil.example' });
  assert.equal(other.header('access-control-allow-origin'), undefined);
});

test('OriginOverride decides whether the origin CORS headers or the policy ones win', async (t) => {
  const script = () => ({ headers: { 'access-control-allow-origin': '*' }, body: 'x' });
  const keep = await setup(
    t,
    script,
    { defaultBehavior: { ResponseHeadersPolicyId: 'rhp-test' } },
    corsPolicy(false),
  );
  assert.equal(
    (await keep.send('/o', { origin: 'https://app.example' })).header('access-control-allow-origin'),
    '*',
  );
  const replace = await setup(
    t,
    script,
    { defaultBehavior: { ResponseHeadersPolicyId: 'rhp-test' } },
    corsPolicy(true),
  );
  assert.equal(
    (await replace.send('/o', { origin: 'https://app.example' })).header('access-control-allow-origin'),
    'https://app.example',
  );
});

test('policy headers are added to origin errors but not to CloudFront-generated error pages by default', async (t) => {
  const { send } = await setup(t, () => ({ status: 404, body: 'nf' }), {
    defaultBehavior: { ResponseHeadersPolicyId: '60669652-455b-4ae9-85a4-c4c02393f86c' },
  });
  const originError = await send('/missing', { origin: 'https://app.example' });
  assert.equal(originError.status, 404);
  assert.equal(originError.header('access-control-allow-origin'), '*');
  const generated = await send(
    '/missing',
    { origin: 'https://app.example', 'content-length': '0' },
    'DELETE',
  );
  assert.equal(generated.status, 403);
  assert.equal(generated.header('access-control-allow-origin'), undefined);
});

const text = 'The quick brown fox jumps over the lazy dog. '.repeat(100);

test('Compress with gzip/br: compressible bodies of 1,000–10,000,000 bytes are compressed, ETag weakened, Vary added', async (t) => {
  const { origin, send } = await setup(
    t,
    () => ({ headers: { 'content-type': 'text/plain; charset=utf-8', etag: '"abc"' }, body: text }),
    {
      defaultBehavior: { Compress: true },
    },
  );
  const br = await send('/c.txt', { 'accept-encoding': 'gzip, br' });
  assert.equal(br.header('content-encoding'), 'br');
  assert.equal(brotliDecompressSync(br.body).toString(), text);
  assert.equal(br.header('etag'), 'W/"abc"');
  assert.equal(br.header('vary'), 'Accept-Encoding');
  const gz = await send('/c.txt', { 'accept-encoding': 'gzip' });
  assert.equal(gz.header('content-encoding'), 'gzip');
  assert.equal(gunzipSync(gz.body).toString(), text);
  const hit = await send('/c.txt', { 'accept-encoding': 'gzip' });
  assert.equal(hit.header('x-cache'), 'Hit from cloudfront');
  assert.equal(hit.header('content-length'), String(gz.body.length));
  const plain = await send('/c.txt');
  assert.equal(plain.header('content-encoding'), undefined);
  assert.equal(plain.text, text);
  assert.equal(origin.count(), 3);
});

test('small and non-compressible bodies are passed through uncompressed', async (t) => {
  let body = 'tiny';
  let type = 'text/plain';
  const { send } = await setup(t, () => ({ headers: { 'content-type': type }, body }), {
    defaultBehavior: { Compress: true },
  });
  assert.equal((await send('/s1', { 'accept-encoding': 'gzip' })).header('content-encoding'), undefined);
  body = text;
  type = 'image/png';
  assert.equal((await send('/s2', { 'accept-encoding': 'gzip' })).header('content-encoding'), undefined);
});

test('viewer conditionals and ranges are answered from the cache: 304, 206, 416, and 200 for multiple ranges', async (t) => {
  const body = '0123456789abcdefghij';
  const { origin, send } = await setup(t, () => ({
    headers: { 'content-type': 'text/plain', etag: '"e1"', 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' },
    body,
  }));
  await send('/r.txt');
  const notModified = await send('/r.txt', { 'if-none-match': '"e1"' });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
  assert.equal(notModified.header('etag'), '"e1"');
  assert.equal((await send('/r.txt', { 'if-modified-since': 'Thu, 02 Jan 2025 00:00:00 GMT' })).status, 304);
  const part = await send('/r.txt', { range: 'bytes=2-5' });
  assert.equal(part.status, 206);
  assert.equal(part.text, '2345');
  assert.equal(part.header('content-range'), 'bytes 2-5/20');
  assert.equal(part.header('x-cache'), 'Hit from cloudfront');
  assert.equal((await send('/r.txt', { range: 'bytes=-3' })).text, 'hij');
  const beyond = await send('/r.txt', { range: 'bytes=50-60' });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.header('content-range'), 'bytes */20');
  const multi = await send('/r.txt', { range: 'bytes=0-1,5-6' });
  assert.equal(multi.status, 200);
  assert.equal(multi.text, body);
  const head = await send('/r.txt', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.header('content-length'), '20');
  assert.equal(origin.count(), 1);
});

test('a range on a miss is cut from the full object, which is cached for the next request', async (t) => {
  const body = 'abcdefghijklmnopqrstuvwxyz';
  const { origin, send } = await setup(t, () => ({ headers: { 'content-type': 'text/plain' }, body }));
  const part = await send('/m.txt', { range: 'bytes=10-12' });
  assert.equal(part.status, 206);
  assert.equal(part.text, 'klm');
  assert.equal(origin.requests[0].headers.range, undefined);
  const full = await send('/m.txt');
  assert.equal(full.header('x-cache'), 'Hit from cloudfront');
  assert.equal(full.text, body);
});

test('a custom error response serves the page from its own behavior with ResponseCode, and the error stays cached', async (t) => {
  const { origin, send } = await setup(
    t,
    (req) =>
      req.rawTarget === '/errors/404.html'
        ? { headers: { 'content-type': 'text/html' }, body: 'page' }
        : { status: 404, body: 'nf' },
    {
      customErrorResponses: [
        { ErrorCode: 404, ResponsePagePath: '/errors/404.html', ResponseCode: '200', ErrorCachingMinTTL: 30 },
      ],
    },
  );
  const res = await send('/missing.txt');
  assert.equal(res.status, 200);
  assert.equal(res.header('x-cache'), 'Error from cloudfront');
  assert.equal(res.text, 'page');
  await send('/missing.txt');
  assert.deepEqual(
    origin.requests.map((r) => r.rawTarget),
    ['/missing.txt', '/errors/404.html'],
  );
});

test('a URL longer than 8,192 bytes gets 413', async (t) => {
  const { origin, send } = await setup(t, () => ({ body: 'x' }));
  const res = await send(`/${'a'.repeat(8200)}`);
  assert.equal(res.status, 413);
  assert.equal(origin.count(), 0);
});
