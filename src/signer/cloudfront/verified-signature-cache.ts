// An optional bounded cache of signatures that already verified (issue item 7): the edge passes one to
// verifySignedRequest to skip repeated RSA/ECDSA work for the same URL or cookie set. Only the crypto result is
// cached — resource, time window and IP are still checked per request — and an entry dies with its policy's expiry.

import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CustomPolicy } from './parse-custom-policy.ts';

export type VerifiedSignatureEntry = {
  readonly keyPairId: string;
  readonly publicKey: KeyObject;
  readonly hashAlgorithm: 'SHA1' | 'SHA256';
  /** The signature as received (url-safe base64). */
  readonly signature: string;
  /** The exact bytes that were verified (canned policy rebuilt from the URL, or the decoded custom policy). */
  readonly policyBytes: Uint8Array;
};

/** A custom policy's credentials exactly as received (cookie values or URL parameters, still encoded). */
export type RawCustomPolicyCredentials = {
  readonly keyPairId: string;
  readonly hashAlgorithm: 'SHA1' | 'SHA256';
  readonly signature: string;
  readonly policy: string;
};

/**
 * Raw credentials longer than this are remembered by digest only: a raw entry keeps the policy text itself,
 * and a policy may be 20 KB. Real custom policies encode to a few hundred characters.
 */
export const MAX_RAW_CREDENTIAL_CHARS = 4096;

export type VerifiedSignatureCache = {
  /** True when this exact signature over these bytes with this key verified before and has not expired at `now`. */
  readonly has: (entry: VerifiedSignatureEntry, now: Date) => boolean;
  /** Records a successful verification that stays valid until `expiresAt` (the policy's DateLessThan). */
  readonly remember: (entry: VerifiedSignatureEntry, expiresAt: Date, now: Date) => void;
  /**
   * The parsed policy of custom-policy credentials that verified before with this key and have not expired at
   * `now`, found by their received text: a repeated cookie set costs no decoding, hashing or JSON parsing.
   */
  readonly recallCustomPolicy: (
    credentials: RawCustomPolicyCredentials,
    publicKey: KeyObject,
    now: Date,
  ) => CustomPolicy | undefined;
  /** Records verified credentials with their parsed policy; false when they are too long to keep raw. */
  readonly rememberCustomPolicy: (
    credentials: RawCustomPolicyCredentials,
    publicKey: KeyObject,
    policy: CustomPolicy,
    now: Date,
  ) => boolean;
  readonly size: () => number;
};

type Stored = {
  readonly publicKey: KeyObject;
  readonly expiresAtMs: number;
  readonly policy?: CustomPolicy;
};

export function createVerifiedSignatureCache(options: {
  readonly maxEntries: number;
}): VerifiedSignatureCache {
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)
    throw new RangeError('maxEntries must be a positive integer');
  const entries = new LRUCache<string, Stored>({ max: options.maxEntries });
  const live = (id: string, publicKey: KeyObject, now: Date): Stored | undefined => {
    const stored = entries.get(id);
    if (stored === undefined) return undefined;
    if (now.getTime() >= stored.expiresAtMs) {
      entries.delete(id);
      return undefined;
    }
    // A key id re-pointed at another key (rotation) must not inherit the old key's verifications.
    return stored.publicKey === publicKey || stored.publicKey.equals(publicKey) ? stored : undefined;
  };
  return {
    has: (entry, now) => live(entryId(entry), entry.publicKey, now) !== undefined,
    recallCustomPolicy: (credentials, publicKey, now) => {
      const id = rawId(credentials);
      return id === undefined ? undefined : live(id, publicKey, now)?.policy;
    },
    rememberCustomPolicy: (credentials, publicKey, policy, now) => {
      const id = rawId(credentials);
      if (id === undefined) return false;
      const expiresAtMs = policy.dateLessThanEpochSeconds * 1000;
      if (now.getTime() < expiresAtMs) entries.set(id, { publicKey, expiresAtMs, policy });
      return true;
    },
    remember: (entry, expiresAt, now) => {
      if (now.getTime() >= expiresAt.getTime()) return;
      entries.set(entryId(entry), { publicKey: entry.publicKey, expiresAtMs: expiresAt.getTime() });
    },
    size: () => entries.size,
  };
}

/** Newline-separated: none of the four parts (key id, algorithm name, base64 texts) can hold a newline. */
function rawId(c: RawCustomPolicyCredentials): string | undefined {
  if (c.signature.length + c.policy.length > MAX_RAW_CREDENTIAL_CHARS) return undefined;
  return `raw\n${c.keyPairId}\n${c.hashAlgorithm}\n${c.signature}\n${c.policy}`;
}

/** A digest keeps memory per entry small even for 20 KB policies; fields are length-prefixed to stay unambiguous. */
function entryId(entry: VerifiedSignatureEntry): string {
  const hash = createHash('sha256');
  for (const part of [entry.keyPairId, entry.hashAlgorithm, entry.signature]) {
    hash.update(`${part.length}:${part}\n`);
  }
  hash.update(entry.policyBytes);
  return hash.digest('base64');
}
