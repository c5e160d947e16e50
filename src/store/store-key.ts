// Key and ETag helpers shared by both ObjectStore implementations: UTF-8 byte forms of S3 keys
// (the order S3 lists in) and the ETag arithmetic of single-part and multipart objects.

import { createHash } from 'node:crypto';

/** S3 keys are at most 1024 bytes of UTF-8 (AWS: "Amazon S3 API Reference"; AWS "Object key naming guidelines"). */
export const maxKeyBytes = 1024;

/** Throws a RangeError for keys the S3 layer should have rejected; the store never guesses at a malformed key. */
export function checkKey(key: string): Buffer {
  if (!key.isWellFormed()) throw new RangeError('object key is not well-formed Unicode');
  if (key.includes('\0')) throw new RangeError('object key contains NUL');
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length === 0 || bytes.length > maxKeyBytes) {
    throw new RangeError(`object key must be 1..${maxKeyBytes} UTF-8 bytes, got ${bytes.length}`);
  }
  return bytes;
}

export function utf8(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

/** S3 lists keys in UTF-8 binary order, which is not JavaScript's UTF-16 code-unit order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b));
}

/**
 * The smallest byte string greater than every string that starts with `prefix`, or undefined for the
 * empty prefix. UTF-8 never contains 0xFF, so bumping the last byte is enough.
 */
export function prefixUpperBound(prefix: Buffer): Buffer | undefined {
  if (prefix.length === 0) return undefined;
  const upper = Buffer.from(prefix);
  let i = upper.length - 1;
  while (i >= 0 && upper[i] === 0xff) i--;
  if (i < 0) return undefined;
  upper[i]++;
  return upper.subarray(0, i + 1);
}

/** Quoted single-part ETag from the MD5 of the bytes. */
export function renderEtag(md5: Buffer): string {
  return `"${md5.toString('hex')}"`;
}

/** ETag of a multipart object: MD5 of the concatenated binary part MD5s, then `-<part count>` (AWS: "Amazon S3 API Reference"). */
export function renderMultipartEtag(partMd5s: readonly Buffer[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5s) hash.update(md5);
  return `"${hash.digest('hex')}-${partMd5s.length}"`;
}

/** Clients send ETags with or without the quotes; compare the inside. */
export function unquoteEtag(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

export function etagsEqual(a: string, b: string): boolean {
  return unquoteEtag(a) === unquoteEtag(b);
}
