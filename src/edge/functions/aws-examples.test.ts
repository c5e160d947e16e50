// The kinds of functions AWS publishes as examples (amazon-cloudfront-functions samples and the Developer
// Guide's "CloudFront Functions examples"), written here in our own words, with the results CloudFront
// documents for them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFunctionEngine } from './function-engine.ts';
import { compiled, requestEvent, responseEvent } from './function-test-support.ts';
import { createKeyValueStore } from './key-value-store.ts';
import { runFunction } from './run-function.ts';
import { testFunction } from './test-function.ts';

const engine = createFunctionEngine();

const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.split('/').pop().indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

test('the SPA rewrite adds index.html to directory and extension-less paths and leaves files alone', async () => {
  const fn = await compiled(engine, SPA_REWRITE, 'cloudfront-js-1.0');
  const cases: [string, string][] = [
    ['/', '/index.html'],
    ['/blog/', '/blog/index.html'],
    ['/app/settings', '/app/settings/index.html'],
    ['/assets/app.3f2a.js', '/assets/app.3f2a.js'],
  ];
  for (const [uri, expected] of cases) {
    const result = await runFunction(engine, fn, requestEvent({ uri }));
    assert.equal(result.kind === 'request' && result.request.uri, expected, uri);
  }
});

const COUNTRY_REDIRECT = `function handler(event) {
  var country = event.request.headers['cloudfront-viewer-country'];
  var sites = { DE: 'https://www.example.com/de/', FR: 'https://www.example.com/fr/' };
  if (country && sites[country.value]) {
    return {
      statusCode: 302,
      statusDescription: 'Found',
      headers: { location: { value: sites[country.value] }, 'cache-control': { value: 'max-age=3600' } }
    };
  }
  return event.request;
}`;

test('the country redirect answers 302 with Location for a mapped CloudFront-Viewer-Country and passes others', async () => {
  const fn = await compiled(engine, COUNTRY_REDIRECT);
  const german = await runFunction(
    engine,
    fn,
    requestEvent({
      headers: [
        ['host', 'www.example.com'],
        ['CloudFront-Viewer-Country', 'DE'],
      ],
    }),
  );
  assert.equal(german.kind, 'response');
  if (german.kind !== 'response') return;
  assert.equal(german.response.statusCode, 302);
  assert.equal(german.response.statusDescription, 'Found');
  assert.deepEqual(german.response.headers, [
    ['location', 'https://www.example.com/de/'],
    ['cache-control', 'max-age=3600'],
  ]);
  const other = await runFunction(
    engine,
    fn,
    requestEvent({ headers: [['cloudfront-viewer-country', 'JP']] }),
  );
  assert.equal(other.kind, 'request');
});

const SECURITY_HEADERS = `function handler(event) {
  var headers = event.response.headers;
  headers['strict-transport-security'] = { value: 'max-age=63072000; includeSubdomains; preload' };
  headers['content-security-policy'] = { value: "default-src 'none'; img-src 'self'; script-src 'self'" };
  headers['x-content-type-options'] = { value: 'nosniff' };
  headers['x-frame-options'] = { value: 'DENY' };
  headers['referrer-policy'] = { value: 'same-origin' };
  return event.response;
}`;

test('the security-headers viewer-response function adds its headers and keeps the origin response', async () => {
  const fn = await compiled(engine, SECURITY_HEADERS);
  const result = await runFunction(
    engine,
    fn,
    responseEvent({
      headers: [
        ['content-type', 'text/html'],
        ['etag', '"abc"'],
      ],
    }),
  );
  assert.equal(result.kind, 'response');
  if (result.kind !== 'response') return;
  assert.equal(result.response.statusCode, 200);
  const headers = Object.fromEntries(result.response.headers);
  assert.equal(headers['content-type'], 'text/html');
  assert.equal(headers.etag, '"abc"');
  assert.equal(headers['strict-transport-security'], 'max-age=63072000; includeSubdomains; preload');
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.equal(result.response.body, undefined, 'a viewer-response result keeps the origin body');
});

test('the true-client-IP function forwards the viewer address from event.viewer.ip', async () => {
  const fn = await compiled(
    engine,
    `function handler(event) {
      event.request.headers['true-client-ip'] = { value: event.viewer.ip };
      return event.request;
    }`,
  );
  const result = await runFunction(engine, fn, requestEvent());
  assert.equal(
    result.kind === 'request' && Object.fromEntries(result.request.headers)['true-client-ip'],
    '198.51.100.7',
  );
});

const NORMALIZE_CACHE_KEY = `function handler(event) {
  var request = event.request;
  var names = Object.keys(request.querystring).sort();
  var normalized = {};
  names.forEach(function (name) {
    if (name.indexOf('utm_') === 0) return;
    normalized[name.toLowerCase()] = request.querystring[name];
  });
  request.querystring = normalized;
  var lang = request.headers['accept-language'];
  request.headers['accept-language'] = { value: lang && lang.value.indexOf('de') === 0 ? 'de' : 'en' };
  return request;
}`;

test('cache-key normalisation sorts and lower-cases query names, drops tracking parameters and buckets Accept-Language', async () => {
  const fn = await compiled(engine, NORMALIZE_CACHE_KEY);
  const result = await runFunction(
    engine,
    fn,
    requestEvent({
      rawQuery: 'Size=10&utm_source=mail&color=red&Size=12',
      headers: [
        ['host', 'www.example.com'],
        ['accept-language', 'de-DE,de;q=0.9'],
      ],
    }),
    { rawQueryString: 'Size=10&utm_source=mail&color=red&Size=12' },
  );
  assert.equal(result.kind, 'request');
  if (result.kind !== 'request') return;
  assert.equal(result.request.rawQuery, 'size=10&size=12&color=red');
  assert.equal(Object.fromEntries(result.request.headers)['accept-language'], 'de');
});

const KVS_REDIRECT = `import cf from 'cloudfront';
const kvsHandle = cf.kvs();
async function handler(event) {
  const request = event.request;
  try {
    const target = await kvsHandle.get(request.uri);
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: target } } };
  } catch (err) {
    return request;
  }
}`;

test('the KeyValueStore redirect answers 301 for a stored path and passes the request for others', async () => {
  const store = createKeyValueStore({
    name: 'redirects',
    id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    arn: 'arn:aws:cloudfront::123456789012:key-value-store/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    now: new Date('2026-01-01T00:00:00Z'),
    entries: [['/old-page', '/new-page']],
  });
  assert.ok(store.ok);
  const fn = await compiled(engine, KVS_REDIRECT);
  const moved = await runFunction(engine, fn, requestEvent({ uri: '/old-page' }), {
    keyValueStore: store.value,
  });
  assert.equal(moved.kind, 'response');
  assert.equal(moved.kind === 'response' && moved.response.statusCode, 301);
  assert.deepEqual(moved.kind === 'response' && moved.response.headers, [['location', '/new-page']]);
  const untouched = await runFunction(engine, fn, requestEvent({ uri: '/other' }), {
    keyValueStore: store.value,
  });
  assert.equal(untouched.kind === 'request' && untouched.request.uri, '/other');
});

test('kvs().get with a key over 512 bytes rejects inside the function', async () => {
  const store = createKeyValueStore({
    name: 's',
    id: 'sid',
    arn: 'arn:aws:cloudfront::123456789012:key-value-store/sid',
    now: new Date(),
  });
  assert.ok(store.ok);
  const fn = await compiled(
    engine,
    `import cf from 'cloudfront';
async function handler(event) {
  try { await cf.kvs().get('k'.repeat(513)); } catch (e) { event.request.headers['x-error'] = { value: String(e) }; }
  return event.request;
}`,
  );
  const result = await runFunction(engine, fn, requestEvent(), { keyValueStore: store.value });
  assert.equal(
    result.kind === 'request' && Object.fromEntries(result.request.headers)['x-error'],
    'Error: Key exceeds 512 bytes',
  );
});

test('TestFunction returns the AWS result shape: ComputeUtilization, logs, error message and the output JSON', async () => {
  const fn = await compiled(
    engine,
    `function handler(event) { console.log('uri ' + event.request.uri); ${SPA_REWRITE.slice(28)}`,
  );
  const answer = await testFunction(
    engine,
    fn,
    JSON.stringify({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '1.2.3.4' },
      request: { method: 'GET', uri: '/docs/', querystring: {}, headers: {}, cookies: {} },
    }),
  );
  assert.ok(answer.ok);
  if (!answer.ok) return;
  assert.match(answer.result.ComputeUtilization, /^\d{1,3}$/);
  assert.deepEqual(answer.result.FunctionExecutionLogs, ['uri /docs/']);
  assert.equal(answer.result.FunctionErrorMessage, '');
  assert.deepEqual(JSON.parse(answer.result.FunctionOutput), {
    request: { method: 'GET', uri: '/docs/index.html', querystring: {}, headers: {}, cookies: {} },
  });
});

test('TestFunction reports a throwing function in FunctionErrorMessage with an empty FunctionOutput', async () => {
  const fn = await compiled(
    engine,
    'function handler(event) { return event.request.headers.missing.value; }',
  );
  const answer = await testFunction(
    engine,
    fn,
    '{"context":{"eventType":"viewer-request"},"request":{"uri":"/"}}',
  );
  assert.ok(answer.ok);
  if (!answer.ok) return;
  assert.match(answer.result.FunctionErrorMessage, /TypeError/);
  assert.equal(answer.result.FunctionOutput, '');
});

test('TestFunction refuses an event object that is not JSON', async () => {
  const fn = await compiled(engine, SPA_REWRITE);
  const answer = await testFunction(engine, fn, 'not json');
  assert.deepEqual(answer, { ok: false, code: 'InvalidArgument', message: 'EventObject is not valid JSON' });
});
