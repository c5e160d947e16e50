// What the origin receives (AWS: "Control origin requests with a policy", "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)", "Restrict access to an Amazon S3 origin"): path-style S3 requests signed with SigV4
// for origin access control (verified with the signer's own verifier), origin path and custom headers,
// Via/X-Forwarded-For, policy-selected headers; and one access-log record per request.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../../src/log/logger.ts';
import { verifySigV4Request } from '../../src/signer/sigv4/index.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'media.example.test';
const SECRET = 'test-secret-key';

test('an S3 origin with origin access control gets a path-style request signed for service s3 in the bucket region', async (t) => {
  const origin = await startScriptedOrigin(() => ({ body: 'object' }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1OAC',
    config: distributionConfig({
      aliases: [HOST],
      originDomain: 'media.s3.eu-west-3.amazonaws.com',
      s3: true,
      originExtra: { OriginAccessControlId: 'E2OAC', OriginPath: '/prod' },
    }),
    originUrls: { 'media.s3.eu-west-3.amazonaws.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution], {
    nowMs: () => Date.now(),
    originAccessCredentials: (id) => ({ accessKeyId: `FGOAC${id}`, secretAccessKey: SECRET }),
  });
  const res = await sendRaw(harness.url, '/a%20b/c+d.txt?x=1', {
    headers: { host: HOST, authorization: 'Bearer viewer' },
  });
  assert.equal(res.status, 200);
  const seen = origin.requests[0];
  assert.equal(seen.rawTarget, '/media/prod/a%20b/c+d.txt');
  assert.match(
    String(seen.headers.authorization),
    /^AWS4-HMAC-SHA256 Credential=FGOACE1OAC\/\d{8}\/eu-west-3\/s3\/aws4_request/,
  );
  const verdict = verifySigV4Request(
    {
      method: seen.method,
      rawPath: '/media/prod/a%20b/c+d.txt',
      rawQuery: '',
      headers: seen.headers as Record<string, string>,
    },
    { lookupSecret: (id) => (id === 'FGOACE1OAC' ? SECRET : undefined), now: new Date(), service: 's3' },
  );
  assert.equal(verdict.kind, 'authenticated');
  assert.equal(seen.headers.host, `127.0.0.1:${new URL(origin.url).port}`);
});

test('custom origins get Host = origin domain, custom headers overriding viewer ones, Via and X-Forwarded-For', async (t) => {
  const origin = await startScriptedOrigin(() => ({
    body: 'ok',
    headers: { 'set-cookie': 'a=1', via: '1.1 upstream' },
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1CUSTOM',
    config: distributionConfig({
      aliases: [HOST],
      defaultBehavior: { OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3' },
      originExtra: {
        CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin-Secret', HeaderValue: 's3cr3t' }] },
      },
    }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const records: Record<string, unknown>[] = [];
  const logger: Logger = {
    debug: () => {},
    info: (event, fields) => {
      if (event === 'edge-access') records.push(fields ?? {});
    },
    warn: () => {},
    error: () => {},
    child: () => logger,
    isEnabled: () => true,
  };
  const harness = await startEdgeHarness(t, [distribution], { logger });
  const res = await sendRaw(harness.url, '/p?q=1', {
    headers: {
      host: HOST,
      'x-origin-secret': 'forged',
      'x-forwarded-for': '203.0.113.9',
      'accept-language': 'fr',
      cookie: 'c=1',
    },
  });
  assert.equal(res.status, 200);
  assert.equal(res.header('set-cookie'), 'a=1', 'cookies are forwarded (AllViewer), so Set-Cookie is kept');
  assert.match(res.header('via') ?? '', /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  const seen = origin.requests[0];
  assert.equal(seen.rawTarget, '/p?q=1');
  assert.equal(seen.headers['x-origin-secret'], 's3cr3t');
  assert.equal(seen.headers['x-forwarded-for'], '203.0.113.9,127.0.0.1');
  assert.equal(seen.headers['accept-language'], 'fr');
  assert.equal(seen.headers.cookie, 'c=1');
  assert.equal(seen.headers.host, HOST, 'AllViewer forwards the viewer Host to a custom origin');
  assert.match(String(seen.headers.via), /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  assert.equal(records.length, 1);
  assert.equal(records[0]['sc-status'], 200);
  assert.equal(records[0]['x-edge-result-type'], 'Miss');
  assert.equal(records[0]['cs-uri-stem'], '/p');
  assert.equal(records[0]['x-edge-request-id'], res.header('x-amz-cf-id'));
});

test('without forwarded cookies the origin Set-Cookie is stripped from the response and the cache', async (t) => {
  const origin = await startScriptedOrigin(() => ({ body: 'ok', headers: { 'set-cookie': 'track=1' } }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1NOCOOKIE',
    config: distributionConfig({ aliases: [HOST] }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  assert.equal(
    (await sendRaw(harness.url, '/x', { headers: { host: HOST } })).header('set-cookie'),
    undefined,
  );
  assert.equal(
    (await sendRaw(harness.url, '/x', { headers: { host: HOST } })).header('set-cookie'),
    undefined,
  );
});

test('a POST body is streamed to the origin with its Content-Length and never cached', async (t) => {
  const origin = await startScriptedOrigin((req) => ({ status: 201, body: `got ${req.body.length} bytes` }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1POST',
    config: distributionConfig({
      aliases: [HOST],
      defaultBehavior: {
        AllowedMethods: {
          Quantity: 7,
          Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
          CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
        },
        OriginRequestPolicyId: '59781a5b-3903-41f3-afcb-af62929ccde1',
      },
    }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const payload = 'x'.repeat(4 * 1024 * 1024);
  for (let i = 0; i < 2; i++) {
    const res = await sendRaw(harness.url, '/upload', {
      method: 'POST',
      headers: { host: HOST, 'content-type': 'text/plain', 'content-length': String(payload.length) },
      body: payload,
    });
    assert.equal(res.status, 201);
    assert.equal(res.text, `got ${payload.length} bytes`);
    assert.equal(res.header('x-cache'), 'Miss from cloudfront');
  }
  assert.equal(origin.requests[0].headers['content-length'], String(payload.length));
  assert.equal(
    origin.requests[0].headers['content-type'],
    undefined,
    'CORS-CustomOrigin forwards only Origin',
  );
  assert.equal(origin.count(), 2);
});
