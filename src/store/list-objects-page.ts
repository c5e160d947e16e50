// One ListObjects page over any sorted key index: prefix, delimiter roll-up into common prefixes, exclusive
// `after`, maxKeys. Both stores supply `seek` (a range scan); a common prefix's keys are skipped with one seek.

import type { ListObjectsOptions } from './object-store.ts';
import { prefixUpperBound, utf8 } from './store-key.ts';

export type KeyedRow<T> = { readonly key: string; readonly keyBytes: Buffer; readonly value: T };

/** Up to `limit` rows with `lower <= keyBytes < upper` (no upper bound when undefined), in UTF-8 byte order. */
export type SeekRows<T> = (lower: Buffer, upper: Buffer | undefined, limit: number) => readonly KeyedRow<T>[];

export type ListPage<T> = {
  readonly objects: readonly T[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly lastReturned?: string;
};

type Entry<T> =
  | { readonly kind: 'object'; readonly key: string; readonly value: T }
  | { readonly kind: 'prefix'; readonly key: string };

const nul = Buffer.of(0);
const maxSeekRows = 1000;
/** After a common prefix the next rows are often another group: fetch few, grow while they are plain keys. */
const firstDelimitedSeekRows = 16;

export function collectListPage<T>(options: ListObjectsOptions, seek: SeekRows<T>): ListPage<T> {
  const prefix = options.prefix ?? '';
  // An empty delimiter means no delimiter (S3 ignores `delimiter=`).
  const delimiter = options.delimiter ? options.delimiter : undefined;
  const maxKeys = Math.max(0, Math.floor(options.maxKeys));
  // s3-tests test_bucket_list_maxkeys_zero: max-keys=0 answers nothing and IsTruncated=false.
  if (maxKeys === 0) return { objects: [], commonPrefixes: [], isTruncated: false };

  const prefixBytes = utf8(prefix);
  const upper = prefixUpperBound(prefixBytes);
  const afterBytes = options.after !== undefined ? utf8(options.after) : undefined;
  // Keys never contain NUL, so "strictly after k" is "at or after k + NUL".
  let lower =
    afterBytes !== undefined && Buffer.compare(afterBytes, prefixBytes) >= 0
      ? Buffer.concat([afterBytes, nul])
      : prefixBytes;

  const wanted = maxKeys + 1;
  const entries: Entry<T>[] = [];
  let batchRows = delimiter !== undefined ? firstDelimitedSeekRows : maxSeekRows;
  scan: while (entries.length < wanted) {
    if (upper !== undefined && Buffer.compare(lower, upper) >= 0) break;
    const limit = Math.min(batchRows, wanted - entries.length);
    const rows = seek(lower, upper, limit);
    let reseek = false;
    for (const row of rows) {
      if (delimiter !== undefined) {
        const at = row.key.indexOf(delimiter, prefix.length);
        if (at >= 0) {
          const commonPrefix = row.key.slice(0, at + delimiter.length);
          const commonBytes = utf8(commonPrefix);
          // A continuation from this very common prefix must not return it again.
          if (afterBytes === undefined || !commonBytes.equals(afterBytes)) {
            entries.push({ kind: 'prefix', key: commonPrefix });
          }
          const next = prefixUpperBound(commonBytes);
          if (next === undefined) break scan;
          lower = next;
          reseek = true;
          if (entries.length >= wanted) break scan;
          break;
        }
      }
      entries.push({ kind: 'object', key: row.key, value: row.value });
      lower = Buffer.concat([row.keyBytes, nul]);
      if (entries.length >= wanted) break scan;
    }
    if (reseek) batchRows = firstDelimitedSeekRows;
    else if (rows.length < limit) break;
    else batchRows = Math.min(maxSeekRows, batchRows * 2);
  }

  const isTruncated = entries.length > maxKeys;
  const page = entries.slice(0, maxKeys);
  const objects: T[] = [];
  const commonPrefixes: string[] = [];
  for (const entry of page) {
    if (entry.kind === 'object') objects.push(entry.value);
    else commonPrefixes.push(entry.key);
  }
  const last = page.at(-1);
  return { objects, commonPrefixes, isTruncated, ...(last ? { lastReturned: last.key } : {}) };
}
