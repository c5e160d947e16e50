// Checksums of multipart uploads as S3 computes and enforces them (S3 User Guide "Checking object integrity
// in Amazon S3", "Using full object checksums for multipart upload"): the algorithm and type named by
// CreateMultipartUpload, the part checksums UploadPart must carry, and the object checksum Complete derives —
// COMPOSITE (checksum of the parts' checksums, "-N") or FULL_OBJECT (CRCs combined from the parts' CRCs and
// sizes, no second read of the bytes). Pure deciders; they throw S3Error with S3's codes and wording.

import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  COMBINABLE_CRCS,
  type CombinableCrc,
  checksumHeaderName,
  combineCrcs,
  computeCompositeChecksum,
} from '../signer/checksums/index.ts';
import type { StoredChecksum, StoredPart } from '../store/index.ts';
import type { ChecksumPlan } from './request-checksum.ts';
import { S3Error } from './s3-error.ts';

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';
export type UploadChecksum = { readonly algorithm: ChecksumAlgorithm; readonly type: ChecksumType };

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

const lower = (algorithm: string) => algorithm.toLowerCase();

const invalidRequest = (message: string) => new S3Error('InvalidRequest', { message });

/** S3 names the algorithm in BadDigest messages as observed on the wire (CRC upper-case, SHA lower-case). */
export function badDigest(algorithm: ChecksumAlgorithm): S3Error {
  const label = algorithm.startsWith('SHA') ? lower(algorithm) : algorithm;
  return new S3Error('BadDigest', {
    message: `The ${label} you specified did not match the calculated checksum.`,
  });
}

function isDigest(value: string, algorithm: ChecksumAlgorithm): boolean {
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === DIGEST_BYTES[algorithm] && decoded.toString('base64') === value;
}

function isCombinable(algorithm: ChecksumAlgorithm): algorithm is CombinableCrc {
  return (COMBINABLE_CRCS as readonly string[]).includes(algorithm);
}

/**
 * CreateMultipartUpload's `x-amz-checksum-algorithm` and `x-amz-checksum-type`. Without a type, CRC64NVME
 * is FULL_OBJECT and the others COMPOSITE; SHA-1/SHA-256 have no full-object form and CRC64NVME no
 * composite one.
 */
export function parseUploadChecksum(
  header: (name: string) => string | undefined,
): UploadChecksum | undefined {
  const rawAlgorithm = header('x-amz-checksum-algorithm')?.trim();
  const rawType = header('x-amz-checksum-type')?.trim();
  const type = rawType?.toUpperCase();
  if (rawAlgorithm === undefined) {
    if (rawType !== undefined)
      throw invalidRequest(
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    return undefined;
  }
  const algorithm = rawAlgorithm.toUpperCase();
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw invalidRequest(
      `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`,
    );
  }
  if (type !== undefined && type !== 'FULL_OBJECT' && type !== 'COMPOSITE') {
    throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  const chosen: ChecksumType = type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  const typed = algorithm as ChecksumAlgorithm;
  if (
    (chosen === 'FULL_OBJECT' && !isCombinable(typed)) ||
    (chosen === 'COMPOSITE' && typed === 'CRC64NVME')
  ) {
    throw invalidRequest(
      `The ${chosen} checksum type cannot be used with the ${lower(algorithm)} checksum algorithm.`,
    );
  }
  return { algorithm: typed, type: chosen };
}

function typeMismatch(expected: ChecksumAlgorithm, actual: string | undefined): S3Error {
  return invalidRequest(
    `Checksum Type mismatch occurred, expected checksum Type: ${lower(expected)}, actual checksum Type: ${actual === undefined ? 'null' : lower(actual)}`,
  );
}

/**
 * The checksum an UploadPart must verify and store: the upload's algorithm. A part checksum of another
 * algorithm is refused; a part without one is refused for COMPOSITE uploads (Complete needs every part's
 * checksum) and computed here for FULL_OBJECT uploads, whose object CRC is combined from the parts' CRCs.
 */
export function planPartChecksum(
  upload: UploadChecksum | undefined,
  requested: ChecksumPlan | undefined,
): ChecksumPlan | undefined {
  if (upload === undefined) return requested;
  if (requested === undefined) {
    if (upload.type === 'COMPOSITE') throw typeMismatch(upload.algorithm, undefined);
    return { algorithm: upload.algorithm, expected: undefined };
  }
  if (requested.algorithm !== upload.algorithm) throw typeMismatch(upload.algorithm, requested.algorithm);
  return requested;
}

export type ListedPart = {
  readonly partNumber: number;
  readonly etag: string;
  /** Part checksums listed in the Complete body (`ChecksumCRC32` …). */
  readonly checksums: ReadonlyMap<ChecksumAlgorithm, string>;
};

/** Listed part checksums must be one well-formed value per part (S3: InvalidArgument, ArgumentName Checksum). */
export function checkListedChecksums(parts: readonly ListedPart[]): void {
  for (const part of parts) {
    const entries = [...part.checksums];
    if (entries.length === 0) continue;
    if (entries.length > 1 || !isDigest(entries[0][1], entries[0][0])) {
      throw new S3Error('InvalidArgument', {
        message: 'Invalid Base64 or multiple checksums present in request',
        extra: {
          ArgumentName: 'Checksum',
          ArgumentValue: entries.map(([algorithm, value]) => `${algorithm}:${value};`).join(''),
        },
      });
    }
  }
}

export type CompletedChecksum = {
  readonly checksum: StoredChecksum | undefined;
  /** The parts' checksums in order, for GetObjectAttributes and part reads; undefined without one. */
  readonly partChecksums: readonly string[] | undefined;
};

function invalidPart(uploadId: string, partNumber: number, stored: StoredPart): S3Error {
  return new S3Error('InvalidPart', {
    extra: { UploadId: uploadId, PartNumber: partNumber, ETag: stored.etag.replace(/"/g, '') },
  });
}

/** The object checksum of a Complete whose upload named an algorithm, and the listed parts checked against it. */
function uploadObjectChecksum(
  upload: UploadChecksum,
  listed: readonly ListedPart[],
  byNumber: ReadonlyMap<number, StoredPart>,
  uploadId: string,
  requireListed: boolean,
): CompletedChecksum {
  const sums: string[] = [];
  const pieces: { digest: Buffer; length: number }[] = [];
  for (const part of listed) {
    const stored = byNumber.get(part.partNumber);
    if (stored === undefined) return { checksum: undefined, partChecksums: undefined }; // InvalidPart from the store
    const given = part.checksums.get(upload.algorithm);
    if (given === undefined && part.checksums.size > 0) {
      if (!requireListed) throw invalidPart(uploadId, part.partNumber, stored);
      throw typeMismatch(upload.algorithm, [...part.checksums.keys()][0]);
    }
    if (given === undefined && upload.type === 'COMPOSITE' && requireListed) {
      throw invalidRequest(
        `The upload was created using a ${lower(upload.algorithm)} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`,
      );
    }
    const own = stored.checksum;
    if (own === undefined || own.algorithm !== upload.algorithm) {
      throw typeMismatch(upload.algorithm, own?.algorithm);
    }
    if (given !== undefined && given !== own.value) throw invalidPart(uploadId, part.partNumber, stored);
    sums.push(own.value);
    pieces.push({ digest: Buffer.from(own.value, 'base64'), length: stored.size });
  }
  const value =
    upload.type === 'COMPOSITE'
      ? computeCompositeChecksum(upload.algorithm, sums)
      : combineCrcs(upload.algorithm as CombinableCrc, pieces).toString('base64');
  return { checksum: { algorithm: upload.algorithm, value, type: upload.type }, partChecksums: sums };
}

/**
 * For an upload created without an algorithm: when every listed part was uploaded with a checksum of one
 * algorithm, the checksum the object gets from them — COMPOSITE, or FULL_OBJECT when Complete asks for it and
 * the algorithm is a CRC (docs/decisions/s3-parity-choices.md); otherwise none.
 */
function inferredUploadChecksum(
  listed: readonly ListedPart[],
  byNumber: ReadonlyMap<number, StoredPart>,
  requestedType: ChecksumType | undefined,
): UploadChecksum | undefined {
  const algorithms = new Set(listed.map((p) => byNumber.get(p.partNumber)?.checksum?.algorithm));
  if (algorithms.size !== 1) return undefined;
  const [algorithm] = algorithms;
  if (algorithm === undefined) return undefined;
  if (requestedType === 'FULL_OBJECT')
    return isCombinable(algorithm) ? { algorithm, type: 'FULL_OBJECT' } : undefined;
  return { algorithm, type: 'COMPOSITE' };
}

/**
 * The object checksum CompleteMultipartUpload stores, after checking the request's `x-amz-checksum-type`
 * and any whole-object `x-amz-checksum-<algorithm>` header against it (BadDigest on a mismatch).
 */
export function decideCompletedChecksum(input: {
  readonly upload: UploadChecksum | undefined;
  readonly uploadId: string;
  readonly listed: readonly ListedPart[];
  readonly stored: readonly StoredPart[];
  readonly header: (name: string) => string | undefined;
}): CompletedChecksum {
  const { upload, header } = input;
  const rawType = header('x-amz-checksum-type')?.trim().toUpperCase();
  if (rawType !== undefined && rawType !== 'COMPOSITE' && rawType !== 'FULL_OBJECT') {
    throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  if (upload !== undefined && rawType !== undefined && rawType !== upload.type) {
    throw invalidRequest(
      `The upload was created using the ${upload.type} checksum mode. The complete request must use the same checksum mode.`,
    );
  }
  checkListedChecksums(input.listed);
  const byNumber = new Map(input.stored.map((p) => [p.partNumber, p]));
  const effective =
    upload ?? inferredUploadChecksum(input.listed, byNumber, rawType as ChecksumType | undefined);
  if (upload === undefined && effective === undefined) {
    // Listed part checksums still have to match what was stored.
    for (const part of input.listed) {
      const stored = byNumber.get(part.partNumber);
      for (const [algorithm, value] of part.checksums) {
        if (
          stored !== undefined &&
          (stored.checksum?.algorithm !== algorithm || stored.checksum.value !== value)
        )
          throw invalidPart(input.uploadId, part.partNumber, stored);
      }
    }
  }
  const result: CompletedChecksum =
    effective === undefined
      ? { checksum: undefined, partChecksums: undefined }
      : uploadObjectChecksum(effective, input.listed, byNumber, input.uploadId, upload !== undefined);
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = header(checksumHeaderName(algorithm).toLowerCase())?.trim();
    if (value === undefined) continue;
    const [digest, count, ...rest] = value.split('-');
    const countValid = count === undefined || (/^\d+$/.test(count) && rest.length === 0);
    if (!isDigest(digest, algorithm) || !countValid) {
      throw invalidRequest(`Value for ${checksumHeaderName(algorithm).toLowerCase()} header is invalid.`);
    }
    const computed = result.checksum;
    if (computed === undefined) continue; // nothing stored to compare with (s3-parity-choices.md)
    if (computed.algorithm !== algorithm) throw typeMismatch(computed.algorithm, algorithm);
    const [computedDigest, computedCount] = computed.value.split('-');
    if (digest !== computedDigest || (count !== undefined && count !== computedCount))
      throw badDigest(algorithm);
  }
  return result;
}
