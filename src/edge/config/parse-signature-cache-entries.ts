// `edge.signatureCacheEntries`: the size of the edge's cache of already-verified signed-URL/cookie signatures.

import { ConfigError } from '../../config/config-error.ts';

export const DEFAULT_SIGNATURE_CACHE_ENTRIES = 10_000;

/** A whole number from 0 (off) to 10,000,000; absent means the default. */
export function parseSignatureCacheEntries(value: unknown, path: string): number {
  if (value === undefined || value === null) return DEFAULT_SIGNATURE_CACHE_ENTRIES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000_000)
    throw new ConfigError(path, 'must be a whole number from 0 (off) to 10000000');
  return value;
}
