// Multipart "checksum of checksums": S3's COMPOSITE object checksum is the algorithm applied to the
// concatenated binary part checksums, base64, followed by `-<part count>`.

import { type ChecksumAlgorithm, createChecksum } from './create-checksum.ts';

/** `partChecksumsBase64` in part-number order; returns e.g. `"Ad6H4A==-3"`. */
export function computeCompositeChecksum(
  algorithm: ChecksumAlgorithm,
  partChecksumsBase64: readonly string[],
): string {
  if (partChecksumsBase64.length === 0) throw new RangeError('a composite checksum needs at least one part');
  const checksum = createChecksum(algorithm);
  for (const part of partChecksumsBase64) checksum.update(Buffer.from(part, 'base64'));
  return `${checksum.digest().toString('base64')}-${partChecksumsBase64.length}`;
}
