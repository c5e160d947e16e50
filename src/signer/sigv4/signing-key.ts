// SigV4 signing-key derivation (HMAC chain "AWS4"+secret → date → region → service → aws4_request) with a
// small bounded cache owned by the caller; no module-level state.

import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(key: Uint8Array | string, data: string): Buffer {
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
  get(secretAccessKey: string, date: string, region: string, service: string): Buffer;
};

/**
 * A least-recently-used cache of derived keys keyed by (secret, date, region, service). Keys change daily,
 * so a few dozen entries cover every active credential.
 */
export function createSigningKeyCache(options: { maxEntries?: number } = {}): SigningKeyCache {
  const maxEntries = options.maxEntries ?? 64;
  const entries = new Map<string, Buffer>();
  return {
    get(secretAccessKey, date, region, service) {
      const cacheKey = `${date}\n${region}\n${service}\n${secretAccessKey}`;
      const hit = entries.get(cacheKey);
      if (hit) {
        entries.delete(cacheKey);
        entries.set(cacheKey, hit);
        return hit;
      }
      const key = deriveSigningKey(secretAccessKey, date, region, service);
      entries.set(cacheKey, key);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return key;
    },
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
