import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createVerifiedSignatureCache } from './verified-signature-cache.ts';

const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const entry = (signature: string, policy = '{"p":1}') => ({
  keyPairId: 'K1',
  publicKey: key,
  hashAlgorithm: 'SHA1' as const,
  signature,
  policyBytes: Buffer.from(policy),
});
const now = new Date('2026-05-01T12:00:00Z');
const expiresAt = new Date('2026-05-01T12:01:40Z');

describe('createVerifiedSignatureCache', () => {
  it('remembers a verification until the expiry second, not at it', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 4 });
    cache.remember(entry('s1'), expiresAt, now);
    assert.equal(cache.has(entry('s1'), new Date(expiresAt.getTime() - 1)), true);
    assert.equal(cache.has(entry('s1'), expiresAt), false);
    assert.equal(cache.size(), 0);
  });

  it('does not confuse signatures, policies, algorithms or rotated keys', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 4 });
    cache.remember(entry('s1'), expiresAt, now);
    assert.equal(cache.has(entry('s2'), now), false);
    assert.equal(cache.has(entry('s1', '{"p":2}'), now), false);
    assert.equal(cache.has({ ...entry('s1'), hashAlgorithm: 'SHA256' }, now), false);
    assert.equal(cache.has({ ...entry('s1'), publicKey: otherKey }, now), false);
    assert.equal(cache.has(entry('s1'), now), true);
  });

  it('keeps at most maxEntries and ignores already-expired entries', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 2 });
    for (const s of ['a', 'b', 'c']) cache.remember(entry(s), expiresAt, now);
    assert.equal(cache.size(), 2);
    assert.equal(cache.has(entry('a'), now), false);
    cache.remember(entry('d'), now, now);
    assert.equal(cache.has(entry('d'), now), false);
    assert.throws(() => createVerifiedSignatureCache({ maxEntries: 0 }), RangeError);
  });
});
