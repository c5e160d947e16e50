// The memory store's listing index: rows kept in UTF-8 byte order of their keys (S3's listing order), so
// inserting, removing and seeking a key are binary searches.

import type { KeyedRow } from './list-objects-page.ts';

/** The first position whose key bytes are not below `bytes`. */
export function lowerBound(index: readonly KeyedRow<string>[], bytes: Buffer): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Buffer.compare(index[mid].keyBytes, bytes) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
