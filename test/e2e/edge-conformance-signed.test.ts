// Conformance: signed URLs and cookies at the edge (AWS: "Create a signed URL using a canned policy", "Serve private content with signed URLs and signed cookies", "Specify signers that can create signed URLs and signed cookies", "How CloudFront processes partial requests for an object (range GETs)"): user query
// parameters before the signing ones, parameters added after signing, every Range request verified, expiry
// to the second with an injected clock, legacy TrustedSigners, and signing material kept away from the
// origin and the cache key even under the AllViewer origin request policy.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePublicKey } from '../../src/edge/distribution/compile-public-key.ts';
import { generateKeyPair, getSignedCookies, getSignedUrl } from '../../src/signer/index.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'signed.example.test';
const KEY_ID = 'K2CONFORMKEY01';
const LEGACY_KEY_PAIR = 'APKAEIBAERJR2EXAMPLE';
const ALL_QUERY_POLICY = '4cc15a8a-d715-48a4-82b8-cc0b614638fe'; // UseOriginCacheControlHeaders-QueryStrings
const ALL_VIEWER_ORP = '216adef6-5c7f-47e4-b989-5492eafa07d3';

async function setup(
  t: import('node:test').TestContext,
  behavior: Record<string, unknown> = {},
  options: { legacy?: boolean } = {},
) {
  const keys = await generateKeyPair({ type: 'rsa' });
  const keyId = options.legacy ? LEGACY_KEY_PAIR : KEY_ID;
  const publicKey = compilePublicKey(keyId, keys.publicKeyPem, 'test');
  const origin = await startScriptedOrigin(() => ({
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=600', etag: '"s"' },
    body: '0123456789',
  }));
  t.after(() => origin.close());
  const signers = options.legacy
    ? { TrustedSigners: { Enabled: true, Quantity: 1, Items: ['self'] } }
    : { TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: ['kg-1'] } };
  const distribution = compileTestDistribution({
    id: 'E1SIGNCONF',
    config: distributionConfig({ aliases: [HOST], defaultBehavior: { ...signers, ...behavior } }),
    originUrls: { 'origin.example.com': origin.url },
    publicKeys: new Map([[keyId, publicKey]]),
    keyGroups: new Map([['kg-1', { id: 'kg-1', name: 'kg', keys: [publicKey] }]]),
    trustedSigners: options.legacy
      ? [{ AwsAccountNumber: 'self', KeyPairIds: [LEGACY_KEY_PAIR] }]
      : undefined,
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const port = new URL(harness.url).port;
  const base = `http://${HOST}:${port}`;
  const nowSeconds = () => Math.floor(harness.clock.nowMs / 1000);
  const get = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(harness.url, target, { headers: { host: `${HOST}:${port}`, ...headers } });
  /** Path + query of a canned signed URL expiring at `expiresEpoch`. */
  const sign = (path: string, expiresEpoch: number) => {
    const url = new URL(
      getSignedUrl({
        url: `${base}${path}`,
        keyPairId: keyId,
        privateKey: keys.privateKeyPem,
        dateLessThan: new Date(expiresEpoch * 1000),
      }),
    );
    return url.pathname + url.search;
  };
  return { keys, keyId, origin, harness, base, get, sign, nowSeconds };
}

test('expiry to the second: accepted one second before Expires, AccessDenied at Expires (now >= DateLessThan)', async (t) => {
  const { harness, get, sign, nowSeconds } = await setup(t, { CachePolicyId: ALL_QUERY_POLICY });
  const expires = nowSeconds() + 10;
  const target = sign('/e.txt', expires);
  harness.clock.advance(9);
  assert.equal((await get(target)).status, 200);
  harness.clock.advance(1);
  const expired = await get(target);
  assert.equal(expired.status, 403);
  assert.equal(
    expired.text,
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>',
  );
  assert.equal(expired.header('x-cache'), 'Error from cloudfront');
});

test('user query parameters before the signing parameters are accepted and forwarded; signing parameters are not', async (t) => {
  const { origin, get, sign, nowSeconds } = await setup(t, { CachePolicyId: ALL_QUERY_POLICY });
  const target = sign('/u.txt?size=large&lang=en', nowSeconds() + 60);
  assert.match(target, /^\/u\.txt\?size=large&lang=en&Expires=\d+&Key-Pair-Id=[^&]+&Signature=/);
  const res = await get(target);
  assert.equal(res.status, 200, res.text);
  assert.equal(origin.requests[0].rawTarget, '/u.txt?size=large&lang=en');
  // The signing parameters may come in any order (found by name).
  const query = new URLSearchParams(target.split('?')[1]);
  const reordered = `/u.txt?size=large&lang=en&Signature=${query.get('Signature')}&Key-Pair-Id=${query.get('Key-Pair-Id')}&Expires=${query.get('Expires')}`;
  assert.equal((await get(reordered)).status, 200);
});

test('a query parameter added after signing is refused with AccessDenied, before or after the signing parameters', async (t) => {
  const { origin, get, sign, nowSeconds } = await setup(t, { CachePolicyId: ALL_QUERY_POLICY });
  const target = sign('/a.txt?x=1', nowSeconds() + 60);
  const appended = await get(`${target}&extra=1`);
  assert.equal(appended.status, 403);
  assert.match(appended.text, /<Code>AccessDenied<\/Code>/);
  const prepended = await get(target.replace('?x=1', '?extra=1&x=1'));
  assert.equal(prepended.status, 403);
  assert.equal(origin.count(), 0);
});

test('every Range request on a signed URL is verified: served (206) while valid, refused after expiry even when cached', async (t) => {
  const { origin, harness, get, sign, nowSeconds } = await setup(t);
  const target = sign('/video.mp4', nowSeconds() + 30);
  const first = await get(target, { range: 'bytes=0-3' });
  assert.equal(first.status, 206);
  assert.equal(first.text, '0123');
  const second = await get(target, { range: 'bytes=4-7' });
  assert.equal(second.status, 206);
  assert.equal(second.text, '4567');
  assert.equal(second.header('x-cache'), 'Hit from cloudfront');
  assert.equal(origin.count(), 1);
  harness.clock.advance(31);
  const late = await get(target, { range: 'bytes=8-9' });
  assert.equal(late.status, 403);
  assert.match(late.text, /<Code>AccessDenied<\/Code>/);
  const unsigned = await get('/video.mp4', { range: 'bytes=0-1' });
  assert.match(unsigned.text, /<Code>MissingKey<\/Code>/);
});

test('the MissingKey 403 carries the captured header order and Content-Length 146', async (t) => {
  const { get } = await setup(t);
  const res = await get('/private');
  assert.equal(res.status, 403);
  assert.equal(res.header('content-length'), '146');
  assert.deepEqual(
    res.rawHeaders.map(([n]) => n),
    [
      'Server',
      'Date',
      'Content-Type',
      'Content-Length',
      'Connection',
      'X-Cache',
      'Via',
      'X-Amz-Cf-Pop',
      'X-Amz-Cf-Id',
    ],
  );
});

test('legacy TrustedSigners: a URL signed with the account key pair is accepted, other keys are InvalidKey', async (t) => {
  const { origin, get, sign, nowSeconds, keyId } = await setup(t, {}, { legacy: true });
  assert.equal(keyId, LEGACY_KEY_PAIR);
  const target = sign('/legacy.txt', nowSeconds() + 60);
  const res = await get(target);
  assert.equal(res.status, 200, res.text);
  assert.equal(origin.requests[0].rawTarget, '/legacy.txt');
  const other = await get(target.replace(LEGACY_KEY_PAIR, 'APKAOTHERKEYPAIR0000'));
  assert.match(other.text, /<Code>InvalidKey<\/Code><Message>Unknown Key<\/Message>/);
  assert.match((await get('/legacy.txt')).text, /<Code>MissingKey<\/Code>/);
});

test('under AllViewer the origin gets neither signing parameters (Hash-Algorithm included) nor CloudFront-* cookies, and they stay out of the key', async (t) => {
  const { keys, origin, get, base, sign, nowSeconds } = await setup(t, {
    CachePolicyId: ALL_QUERY_POLICY,
    OriginRequestPolicyId: ALL_VIEWER_ORP,
  });
  const sha256 = new URL(
    getSignedUrl({
      url: `${base}/k.txt?v=1`,
      keyPairId: KEY_ID,
      privateKey: keys.privateKeyPem,
      dateLessThan: new Date((nowSeconds() + 60) * 1000),
      algorithm: 'SHA256',
    } as Parameters<typeof getSignedUrl>[0]),
  );
  assert.match(sha256.search, /Hash-Algorithm=SHA256/);
  const res = await get(sha256.pathname + sha256.search, { cookie: 'CloudFront-Foo=bar; theme=dark' });
  assert.equal(res.status, 200, res.text);
  assert.equal(origin.requests[0].rawTarget, '/k.txt?v=1');
  assert.equal(origin.requests[0].headers.cookie, 'theme=dark');
  // Another signature (canned SHA-1) for the same resource is the same cache entry.
  const again = await get(sign('/k.txt?v=1', nowSeconds() + 120), { cookie: 'theme=dark' });
  assert.equal(again.header('x-cache'), 'Hit from cloudfront');

  const cookies = getSignedCookies({
    keyPairId: KEY_ID,
    privateKey: keys.privateKeyPem,
    policy: JSON.stringify({
      Statement: [
        { Resource: `${base}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': nowSeconds() + 60 } } },
      ],
    }),
  });
  const cookieHeader = `${Object.entries(cookies)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ')}; theme=dark`;
  const viaCookies = await get('/k.txt?v=1', { cookie: cookieHeader });
  assert.equal(
    viaCookies.header('x-cache'),
    'Hit from cloudfront',
    'signed cookies do not create a separate entry',
  );
  await get('/fresh.txt', { cookie: cookieHeader });
  assert.equal(origin.requests.at(-1)?.headers.cookie, 'theme=dark');
  assert.equal(origin.requests.at(-1)?.rawTarget, '/fresh.txt');
});
