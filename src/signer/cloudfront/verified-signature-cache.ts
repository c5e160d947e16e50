// An optional bounded cache of signatures that already verified (issue item 7): the edge passes one to
// verifySignedRequest to skip repeated RSA/ECDSA work for the same URL or cookie set. Only the crypto result is
// cached — resource, time window and IP are still checked per request — and an entry dies with its policy's expiry.

import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export type VerifiedSignatureEntry = {
  readonly keyPairId: string;
  readonly publicKey: KeyObject;
  readonly hashAlgorithm: 'SHA1' | 'SHA256';
  /** The signature as received (url-safe base64). */
  readonly signature: string;
  /** The exact bytes that were verified (canned policy rebuilt from the URL, or the decoded custom policy). */
  readonly policyBytes: Uint8Array;
};

export type VerifiedSignatureCache = {
  /** True when this exact signature over these bytes with this key verified before and has not expired at `now`. */
  readonly has: (entry: VerifiedSignatureEntry, now: Date) => boolean;
  /** Records a successful verification that stays valid until `expiresAt` (the policy's DateLessThan). */
  readonly remember: (entry: VerifiedSignatureEntry, expiresAt: Date, now: Date) => void;
  readonly size: () => number;
};

type Stored = { readonly publicKey: KeyObject; readonly expiresAtMs: number };

export function createVerifiedSignatureCache(options: {
  readonly maxEntries: number;
}): VerifiedSignatureCache {
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)
    throw new RangeError('maxEntries must be a positive integer');
  const entries = new LRUCache<string, Stored>({ max: options.maxEntries });
  return {
    has: (entry, now) => {
      const id = entryId(entry);
      const stored = entries.get(id);
      if (stored === undefined) return false;
      if (now.getTime() >= stored.expiresAtMs) {
        entries.delete(id);
        return false;
      }
      // A key id re-pointed at another key (rotation) must not inherit the old key's verifications.
      return stored.publicKey === entry.publicKey || stored.publicKey.equals(entry.publicKey);
    },
    remember: (entry, expiresAt, now) => {
      if (now.getTime() >= expiresAt.getTime()) return;
      entries.set(entryId(entry), { publicKey: entry.publicKey, expiresAtMs: expiresAt.getTime() });
    },
    size: () => entries.size,
  };
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
