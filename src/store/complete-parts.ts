// Pure decider for CompleteMultipartUpload: which stored parts make the object, or which S3 error applies.
// Shared by both stores so they reject exactly the same part lists (AWS: "Amazon S3 API Reference" "Multipart upload").

import { StoreError } from './object-store.ts';
import { etagsEqual } from './store-key.ts';

/** Every part but the last must be at least 5 MiB (AWS "Amazon S3 multipart upload limits"). */
export const minPartSizeBytes = 5 * 1024 * 1024;

export type RequestedPart = { readonly partNumber: number; readonly etag: string };

/**
 * Checks, in this order: the list is non-empty and strictly ascending (InvalidPartOrder), each part exists
 * with a matching ETag, quotes optional (InvalidPart), every part but the last is ≥ 5 MiB (EntityTooSmall).
 */
export function selectCompletedParts<P extends { readonly etag: string; readonly size: number }>(
  requested: readonly RequestedPart[],
  stored: ReadonlyMap<number, P>,
  minPartBytes: number = minPartSizeBytes,
): P[] {
  // An empty list is MalformedXML on the wire; the S3 layer should catch it first. Here it names no valid part.
  if (requested.length === 0) throw new StoreError('InvalidPart', 'no parts were listed');
  for (let i = 1; i < requested.length; i++) {
    if (requested[i].partNumber <= requested[i - 1].partNumber) {
      throw new StoreError(
        'InvalidPartOrder',
        `part ${requested[i].partNumber} follows ${requested[i - 1].partNumber}`,
      );
    }
  }
  const chosen = requested.map((want) => {
    const part = stored.get(want.partNumber);
    if (part === undefined || !etagsEqual(part.etag, want.etag)) {
      throw new StoreError('InvalidPart', `part ${want.partNumber} was not uploaded with ETag ${want.etag}`);
    }
    return part;
  });
  for (let i = 0; i < chosen.length - 1; i++) {
    if (chosen[i].size < minPartBytes) {
      throw new StoreError('EntityTooSmall', `part ${requested[i].partNumber} is ${chosen[i].size} bytes`);
    }
  }
  return chosen;
}

/** Whether a repeated Complete names the same parts as the one that already succeeded. */
export function samePartList(a: readonly RequestedPart[], b: readonly RequestedPart[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.partNumber === b[i].partNumber && etagsEqual(p.etag, b[i].etag))
  );
}
