// The shared upload path of PutObject and UploadPart: length rules, Content-MD5 and checksum taps,
// and a `verify` hook the store calls before committing, so a bad upload never replaces stored data.

import { pipeline } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { StoredChecksum, VerifiedBytes, WrittenBytes } from '../store/index.ts';
import {
  type ChecksumPlan,
  createChecksumTap,
  parseContentMd5,
  planChecksum,
  verifyChecksum,
} from './request-checksum.ts';
import { S3Error } from './s3-error.ts';
import type { RequestBody, S3Request } from './s3-types.ts';

export const MAX_OBJECT_BYTES = 5 * 1024 ** 3;

export type PreparedUpload = {
  /** The bytes to hand to the store (decoded, checksum tapped). */
  readonly stream: Readable;
  /** For the store's verify hook: throws on bad bytes, returns the checksum to store with them. */
  readonly verify: (written: WrittenBytes) => VerifiedBytes;
  /** The verified checksum, once verify has run (for the response headers). */
  readonly checksum: () => StoredChecksum | undefined;
  /** Rejections of the feeding pipeline (client aborts); the store sees them as a stream error too. */
  readonly done: Promise<void>;
};

/** Length rules before any byte is read: 411 without a length, 400 EntityTooLarge over 5 GiB. */
export function checkUploadLength(request: S3Request, body: RequestBody): number {
  if (body.declaredLength === undefined) throw new S3Error('MissingContentLength');
  if (body.declaredLength > MAX_OBJECT_BYTES) {
    throw new S3Error('EntityTooLarge', {
      extra: { ProposedSize: body.declaredLength, MaxSizeAllowed: MAX_OBJECT_BYTES },
    });
  }
  void request;
  return body.declaredLength;
}

/**
 * `adjustPlan` lets UploadPart hold the part to its upload's checksum algorithm (multipart-checksum.ts);
 * it runs before any byte is read.
 */
export function prepareUpload(
  request: S3Request,
  body: RequestBody,
  adjustPlan: (plan: ChecksumPlan | undefined) => ChecksumPlan | undefined = (plan) => plan,
): PreparedUpload {
  const declared = checkUploadLength(request, body);
  const md5 = parseContentMd5(request.header('content-md5'));
  const trailerNames = 'trailerNames' in request.payload ? request.payload.trailerNames : [];
  const plan = adjustPlan(planChecksum(request.header, request.headerNames(), trailerNames));
  // Trailer checksums are verified by the payload decoder itself; only header/SDK-algorithm ones need a tap.
  const tap = plan && plan.expected !== 'trailer' ? createChecksumTap(plan.algorithm) : undefined;
  const out = new PassThrough();
  const done = tap ? pipeline(body.stream, tap.stream, out) : pipeline(body.stream, out);
  done.catch(() => {});
  let checksum: StoredChecksum | undefined;
  return {
    stream: out,
    done,
    checksum: () => checksum,
    verify: (written) => {
      if (written.size !== declared) {
        throw new S3Error('IncompleteBody', {
          message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
        });
      }
      if (md5 !== undefined && !md5.equals(written.md5)) {
        throw new S3Error('BadDigest', {
          extra: { ExpectedDigest: md5.toString('hex'), CalculatedDigest: written.md5.toString('base64') },
        });
      }
      if (plan && tap) checksum = verifyChecksum(plan, tap.value(), body);
      else if (plan) {
        const verified = body.trailerChecksum();
        if (verified === undefined) throw new S3Error('MalformedTrailerError');
        checksum = { algorithm: plan.algorithm, value: verified.base64, type: 'FULL_OBJECT' };
      }
      return checksum ? { checksum } : {};
    },
  };
}
