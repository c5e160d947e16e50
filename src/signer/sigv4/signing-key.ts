// SigV4 signing-key derivation (HMAC chain "AWS4"+secret → date → region → service → aws4_request) with a
// small bounded cache owned by the caller; no module-level state.

import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

/** A derived signing key: raw bytes, or (from a cache) a KeyObject, which HMACs ≈ 6× faster than a Buffer key. */
export type SigningKey = Buffer | KeyObject;

export function hmacSha256(key: Uint8Array | string | KeyObject, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function deriveSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  const kDate = hmacSha256(`AWS4${secretAccessKey}`, date);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  return hmacSha256(kService, 'aws4_request');
}

export type SigningKeyCache = {
  /** The derived key's bytes. */
  get(secretAccessKey: string, date: string, region: string, service: string): Buffer;
  /** The same key as a KeyObject, made once per entry: what the verifier's HMACs use. */
  getKeyObject(secretAccessKey: string, date: string, region: string, service: string): KeyObject;
};

type CachedSigningKey = { readonly bytes: Buffer; readonly keyObject: KeyObject };

/**
 * A least-recently-used cache of derived keys keyed by (secret, date, region, service). Keys change daily,
 * so a few dozen entries cover every active credential. Saves the four-HMAC derivation per request, and
 * with `getKeyObject` the Buffer-key set-up of the final HMAC too (measured: 13 µs → 2.2 µs).
 */
export function createSigningKeyCache(options: { maxEntries?: number } = {}): SigningKeyCache {
  const maxEntries = options.maxEntries ?? 64;
  const entries = new Map<string, CachedSigningKey>();
  const lookup = (secretAccessKey: string, date: string, region: string, service: string) => {
    const cacheKey = `${date}\n${region}\n${service}\n${secretAccessKey}`;
    const hit = entries.get(cacheKey);
    if (hit) {
      entries.delete(cacheKey);
      entries.set(cacheKey, hit);
      return hit;
    }
    const bytes = deriveSigningKey(secretAccessKey, date, region, service);
    const entry = { bytes, keyObject: createSecretKey(bytes) };
    entries.set(cacheKey, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return entry;
  };
  return {
    get: (secretAccessKey, date, region, service) => lookup(secretAccessKey, date, region, service).bytes,
    getKeyObject: (secretAccessKey, date, region, service) =>
      lookup(secretAccessKey, date, region, service).keyObject,
  };
}

/** Constant-time comparison of two hex signatures (length leaks only whether they can match at all). */
export function signaturesEqual(expectedHex: string, providedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const provided = Buffer.from(providedHex, 'utf8');
  if (expected.length !== provided.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, provided);
}
