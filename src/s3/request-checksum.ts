// Integrity checks of uploaded bytes: Content-MD5 and S3 flexible checksums (x-amz-checksum-* headers or
// aws-chunked trailers). A tap computes while the body streams; `verify` runs before the store commits.

import { Transform, type TransformCallback } from 'node:stream';
import {
  type ChecksumAlgorithm,
  checksumAlgorithmFromHeaderName,
  checksumHeaderName,
  createChecksum,
} from '../signer/checksums/index.ts';
import type { StoredChecksum } from '../store/index.ts';
import { S3Error } from './s3-error.ts';
import type { RequestBody } from './s3-types.ts';

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};
const SDK_ALGORITHMS = new Set<string>(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']);

/** S3 names the algorithm in BadDigest messages as observed on the wire (CRC upper-case, SHA lower-case). */
function algorithmLabel(algorithm: ChecksumAlgorithm): string {
  return algorithm.startsWith('SHA') ? algorithm.toLowerCase() : algorithm;
}

function isCanonicalBase64(value: string, bytes: number): boolean {
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes && decoded.toString('base64') === value;
}

/** Content-MD5 as 16 raw bytes; malformed → InvalidDigest. */
export function parseContentMd5(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!isCanonicalBase64(trimmed, 16))
    throw new S3Error('InvalidDigest', { extra: { 'Content-MD5': value } });
  return Buffer.from(trimmed, 'base64');
}

export type ChecksumPlan = {
  readonly algorithm: ChecksumAlgorithm;
  /** Header value to compare with, or 'trailer' when it arrives after the body; undefined = compute only. */
  readonly expected: string | 'trailer' | undefined;
};

/** Which checksum the client asked for: a value header, an announced trailer, or just the SDK algorithm. */
export function planChecksum(
  header: (name: string) => string | undefined,
  headerNames: readonly string[],
  trailerNames: readonly string[],
): ChecksumPlan | undefined {
  const plans: ChecksumPlan[] = [];
  for (const name of headerNames) {
    const algorithm = checksumAlgorithmFromHeaderName(name);
    if (!algorithm) continue;
    const value = (header(name) ?? '').trim();
    if (!isCanonicalBase64(value, DIGEST_BYTES[algorithm])) {
      throw new S3Error('InvalidRequest', { message: `Value for ${name} header is invalid.` });
    }
    plans.push({ algorithm, expected: value });
  }
  for (const name of trailerNames) {
    const algorithm = checksumAlgorithmFromHeaderName(name);
    if (algorithm) plans.push({ algorithm, expected: 'trailer' });
  }
  if (plans.length > 1) {
    throw new S3Error('InvalidRequest', {
      message: 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    });
  }
  const sdk = header('x-amz-sdk-checksum-algorithm')?.toUpperCase();
  if (plans.length === 1) {
    if (sdk !== undefined && sdk !== plans[0].algorithm) {
      throw new S3Error('InvalidRequest', {
        message: `Value for x-amz-sdk-checksum-algorithm header is invalid.`,
      });
    }
    return plans[0];
  }
  if (sdk !== undefined) {
    if (!SDK_ALGORITHMS.has(sdk))
      throw new S3Error('InvalidRequest', {
        message: 'Value for x-amz-sdk-checksum-algorithm header is invalid.',
      });
    return { algorithm: sdk as ChecksumAlgorithm, expected: undefined };
  }
  return undefined;
}

export type ChecksumTap = { readonly stream: Transform; readonly value: () => string };

/** A pass-through that feeds every chunk to the checksum; `value()` after the end gives base64. */
export function createChecksumTap(algorithm: ChecksumAlgorithm): ChecksumTap {
  const checksum = createChecksum(algorithm);
  let result: string | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      checksum.update(chunk);
      callback(null, chunk);
    },
  });
  return {
    stream,
    value: () => {
      result ??= checksum.digest().toString('base64');
      return result;
    },
  };
}

/** Compares the computed checksum with the header or trailer; mismatch → BadDigest with S3's wording. */
export function verifyChecksum(plan: ChecksumPlan, computed: string, body: RequestBody): StoredChecksum {
  const expected =
    plan.expected === 'trailer' ? body.trailers().get(checksumHeaderName(plan.algorithm)) : plan.expected;
  if (plan.expected === 'trailer' && expected === undefined) {
    throw new S3Error('MalformedTrailerError');
  }
  if (expected !== undefined && expected.trim() !== computed) {
    throw new S3Error('BadDigest', {
      message: `The ${algorithmLabel(plan.algorithm)} you specified did not match the calculated checksum.`,
    });
  }
  return { algorithm: plan.algorithm, value: computed, type: 'FULL_OBJECT' };
}

export function checksumResponseHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (checksum === undefined) return {};
  return {
    [checksumHeaderName(checksum.algorithm)]: checksum.value,
    'x-amz-checksum-type': checksum.type,
  };
}
