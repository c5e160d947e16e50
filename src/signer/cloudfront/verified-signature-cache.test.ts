import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createVerifiedSignatureCache, MAX_RAW_CREDENTIAL_CHARS } from './verified-signature-cache.ts';

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
  it('recalls a custom policy by its received credentials until it expires, for the same key only', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 4 });
    const raw = { keyPairId: 'K1', hashAlgorithm: 'SHA1' as const, signature: 'c2ln', policy: 'cG9s' };
    const policy = { dateLessThanEpochSeconds: expiresAt.getTime() / 1000, resource: 'https://a/*' };
    assert.equal(cache.recallCustomPolicy(raw, key, now), undefined);
    assert.equal(cache.rememberCustomPolicy(raw, key, policy, now), true);
    assert.deepEqual(cache.recallCustomPolicy(raw, key, now), policy);
    assert.equal(cache.recallCustomPolicy({ ...raw, signature: 'c2lo' }, key, now), undefined);
    assert.equal(cache.recallCustomPolicy({ ...raw, policy: 'cG9t' }, key, now), undefined);
    assert.equal(cache.recallCustomPolicy({ ...raw, hashAlgorithm: 'SHA256' }, key, now), undefined);
    assert.equal(cache.recallCustomPolicy(raw, otherKey, now), undefined);
    assert.equal(cache.recallCustomPolicy(raw, key, expiresAt), undefined);
    assert.equal(cache.size(), 0);
  });

  it('keeps credentials longer than MAX_RAW_CREDENTIAL_CHARS by digest only', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 4 });
    const raw = {
      keyPairId: 'K1',
      hashAlgorithm: 'SHA1' as const,
      signature: 'c2ln',
      policy: 'x'.repeat(MAX_RAW_CREDENTIAL_CHARS),
    };
    const policy = { dateLessThanEpochSeconds: expiresAt.getTime() / 1000 };
    assert.equal(cache.rememberCustomPolicy(raw, key, policy, now), false);
    assert.equal(cache.recallCustomPolicy(raw, key, now), undefined);
    assert.equal(cache.size(), 0);
  });
});
