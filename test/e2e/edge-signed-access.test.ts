// Signed URLs and cookies at the edge (AWS: "Serve private content with signed URLs and signed cookies"): denials are CloudFront's 403 text/xml
// bodies, signing parameters and CloudFront-* cookies reach neither the origin nor the cache key.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePublicKey } from '../../src/edge/distribution/compile-public-key.ts';
import { generateKeyPair, getSignedCookies, getSignedUrl } from '../../src/signer/index.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'private.example.test';
const KEY_ID = 'K2TESTKEY00001';

async function setup(
  t: import('node:test').TestContext,
  cachePolicyId = '658327ea-f89d-4fab-a63d-7e88639e58f6',
  behaviorExtra: Record<string, unknown> = {},
) {
  const keys = await generateKeyPair({ type: 'rsa' });
  const publicKey = compilePublicKey(KEY_ID, keys.publicKeyPem, 'test');
  const origin = await startScriptedOrigin(() => ({
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
    body: 'secret',
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1SIGNED',
    config: distributionConfig({
      aliases: [HOST],
      defaultBehavior: {
        CachePolicyId: cachePolicyId,
        TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: ['kg-1'] },
        ResponseHeadersPolicyId: '60669652-455b-4ae9-85a4-c4c02393f86c',
        ...behaviorExtra,
      },
    }),
    originUrls: { 'origin.example.com': origin.url },
    publicKeys: new Map([[KEY_ID, publicKey]]),
    keyGroups: new Map([['kg-1', { id: 'kg-1', name: 'kg', keys: [publicKey] }]]),
  });
  const harness = await startEdgeHarness(t, [distribution], { nowMs: () => Date.now() });
  const base = `http://${HOST}:${new URL(harness.url).port}`;
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(harness.url, target, { headers: { host: `${HOST}:${new URL(harness.url).port}`, ...headers } });
  return { keys, origin, harness, base, get };
}

test('without signing material the edge answers the 146-byte MissingKey body, with no policy headers', async (t) => {
  const { origin, get } = await setup(t);
  const res = await get('/a.txt', { origin: 'https://app.example' });
  assert.equal(res.status, 403);
  assert.equal(
    res.text,
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>',
  );
  assert.equal(res.body.length, 146);
  assert.equal(res.header('content-type'), 'text/xml');
  assert.equal(res.header('server'), 'CloudFront');
  assert.equal(res.header('x-cache'), 'Error from cloudfront');
  assert.equal(res.header('access-control-allow-origin'), undefined);
  assert.equal(origin.count(), 0);
});

test('a signed URL is accepted; its parameters are stripped before the cache key and the origin', async (t) => {
  const { keys, origin, base, get } = await setup(t, '4cc15a8a-d715-48a4-82b8-cc0b614638fe');
  const sign = (path: string) =>
    new URL(
      getSignedUrl({
        url: `${base}${path}`,
        keyPairId: KEY_ID,
        privateKey: keys.privateKeyPem,
        dateLessThan: new Date(Date.now() + 60_000),
      }),
    );
  const first = sign('/v.txt?quality=hd');
  const res = await get(first.pathname + first.search);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, 'secret');
  assert.equal(origin.requests[0].rawTarget, '/v.txt?quality=hd');
  // A second signature for the same object (different Expires/Signature) is the same cache entry.
  await new Promise((r) => setTimeout(r, 1100));
  const second = sign('/v.txt?quality=hd');
  assert.notEqual(second.search, first.search);
  const hit = await get(second.pathname + second.search);
  assert.equal(hit.header('x-cache'), 'Hit from cloudfront');
  const tampered = await get(first.pathname + first.search.replace('quality=hd', 'quality=sd'));
  assert.equal(tampered.status, 403);
  assert.match(tampered.text, /<Code>AccessDenied<\/Code><Message>Access denied<\/Message>/);
  const unknownKey = await get(first.pathname + first.search.replace(KEY_ID, 'K2OTHERKEY0001'));
  assert.match(unknownKey.text, /<Code>InvalidKey<\/Code>/);
});

test('signed cookies are accepted and CloudFront-* cookies are not forwarded even when all cookies are', async (t) => {
  // Managed-AllViewer origin request policy: every viewer cookie is forwarded.
  const { keys, origin, base, get } = await setup(t, undefined, {
    OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3',
  });
  const cookies = getSignedCookies({
    keyPairId: KEY_ID,
    privateKey: keys.privateKeyPem,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${base}/*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) + 60 } },
        },
      ],
    }),
  });
  const cookie = `${Object.entries(cookies)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ')}; theme=dark`;
  const res = await get('/c.txt', { cookie });
  assert.equal(res.status, 200, res.text);
  assert.equal(origin.requests[0].headers.cookie, 'theme=dark');
});
