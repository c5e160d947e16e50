// The edge's cache of verified signatures (edge.signatureCacheEntries) saves the RSA work for a repeated
// signed cookie, and changes nothing CloudFront would decide: expiry to the second, tampering, other paths.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePublicKey } from '../../src/edge/distribution/compile-public-key.ts';
import { generateKeyPair, getSignedCookies } from '../../src/signer/index.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'private.example.test';
const KEY_ID = 'K2TESTKEY00002';

test('with the signature cache on, cached signatures still expire to the second and bind to their resource', async (t) => {
  const keys = await generateKeyPair({ type: 'rsa' });
  const publicKey = compilePublicKey(KEY_ID, keys.publicKeyPem, 'test');
  const origin = await startScriptedOrigin(() => ({
    headers: { 'cache-control': 'max-age=600' },
    body: 'secret',
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1SIGCACHE',
    config: distributionConfig({
      aliases: [HOST],
      defaultBehavior: { TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: ['kg-1'] } },
    }),
    originUrls: { 'origin.example.com': origin.url },
    publicKeys: new Map([[KEY_ID, publicKey]]),
    keyGroups: new Map([['kg-1', { id: 'kg-1', name: 'kg', keys: [publicKey] }]]),
  });
  const harness = await startEdgeHarness(t, [distribution], { signatureCacheEntries: 100 });
  const port = new URL(harness.url).port;
  const expiresAt = new Date(harness.clock.nowMs + 10_000);
  const cookies = getSignedCookies({
    url: `http://${HOST}:${port}/videos/*`,
    keyPairId: KEY_ID,
    privateKey: keys.privateKeyPem,
    dateLessThan: expiresAt,
    dateGreaterThan: new Date(harness.clock.nowMs - 10_000),
  }) as unknown as Record<string, string | number>;
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const get = (path: string, cookieHeader = cookie) =>
    sendRaw(harness.url, path, { headers: { host: `${HOST}:${port}`, cookie: cookieHeader } });

  for (let i = 0; i < 3; i++) {
    const res = await get('/videos/a.ts');
    assert.equal(res.status, 200, res.text);
  }
  const elsewhere = await get('/private/a.ts');
  assert.equal(elsewhere.status, 403, 'the cached signature does not widen the Resource');
  assert.match(elsewhere.text, /<Code>AccessDenied<\/Code>/);
  const tampered = await get(
    '/videos/a.ts',
    // A different first character (a signature that already starts with `A` gets `B`).
    cookie.replace(/CloudFront-Signature=(.)/, (_, first: string) =>
      first === 'A' ? 'CloudFront-Signature=B' : 'CloudFront-Signature=A',
    ),
  );
  assert.equal(tampered.status, 403);

  harness.clock.nowMs = expiresAt.getTime() - 1000;
  assert.equal((await get('/videos/a.ts')).status, 200, 'one second before DateLessThan');
  harness.clock.nowMs = expiresAt.getTime();
  const expired = await get('/videos/a.ts');
  assert.equal(expired.status, 403, 'at DateLessThan, even though the signature was cached');
  assert.match(expired.text, /<Code>AccessDenied<\/Code>/);
});
