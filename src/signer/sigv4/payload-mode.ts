// What the body of a request is, as declared by x-amz-content-sha256 (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): a hash to check,
// unsigned, or one of the aws-chunked streaming forms with their decoded length and declared trailers.

import { checksumAlgorithmFromHeaderName } from '../checksums/index.ts';
import { type HeaderMap, headerValue } from './canonical-request.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export type StreamingFraming = {
  /** From x-amz-decoded-content-length: the object's size once the aws-chunked framing is removed. */
  readonly decodedContentLength: number;
  /** Lower-case trailer names announced by x-amz-trailer (e.g. `x-amz-checksum-crc32`). */
  readonly trailerNames: readonly string[];
};

export type PayloadMode =
  | { readonly kind: 'sha256'; readonly hex: string }
  | { readonly kind: 'unsigned' }
  | ({ readonly kind: 'streaming-signed'; readonly withTrailer: boolean } & StreamingFraming)
  | ({ readonly kind: 'streaming-unsigned-trailer' } & StreamingFraming);

const HEX64 = /^[0-9a-fA-F]{64}$/;

function invalidContentSha256(value: string): SigV4Error {
  return new SigV4Error(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, ' +
      'STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, ' +
      'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    [
      ['ArgumentName', 'x-amz-content-sha256'],
      ['ArgumentValue', value],
    ],
  );
}

function parseFraming(headers: HeaderMap, withTrailer: boolean): StreamingFraming {
  const raw = headerValue(headers, 'x-amz-decoded-content-length');
  if (raw === undefined) throw new SigV4Error('MissingContentLength', MESSAGES.missingContentLength);
  if (!/^\d{1,16}$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw.trim()))) {
    throw new SigV4Error('InvalidArgument', 'Invalid x-amz-decoded-content-length', [
      ['ArgumentName', 'x-amz-decoded-content-length'],
      ['ArgumentValue', raw],
    ]);
  }
  const trailerNames: string[] = [];
  if (withTrailer) {
    const announced = headerValue(headers, 'x-amz-trailer');
    for (const piece of (announced ?? '').split(',')) {
      const name = piece.trim().toLowerCase();
      if (name === '') continue;
      if (!checksumAlgorithmFromHeaderName(name)) {
        throw new SigV4Error(
          'InvalidRequest',
          'The value specified in the x-amz-trailer header is not supported',
          [
            ['ArgumentName', 'x-amz-trailer'],
            ['ArgumentValue', announced ?? ''],
          ],
        );
      }
      trailerNames.push(name);
    }
  }
  return { decodedContentLength: Number(raw.trim()), trailerNames };
}

/**
 * Reads x-amz-content-sha256. `value` undefined means the header is absent (callers decide whether that is
 * allowed); `signed` says whether the request carries a SigV4 signature, which the STREAMING-AWS4-HMAC
 * forms need.
 */
export function parsePayloadMode(
  value: string | undefined,
  headers: HeaderMap,
  signed: boolean,
): PayloadMode {
  if (value === undefined || value === UNSIGNED_PAYLOAD) return { kind: 'unsigned' };
  if (HEX64.test(value)) return { kind: 'sha256', hex: value.toLowerCase() };
  if (value === STREAMING_UNSIGNED_TRAILER) {
    return { kind: 'streaming-unsigned-trailer', ...parseFraming(headers, true) };
  }
  if (value === STREAMING_SIGNED || value === STREAMING_SIGNED_TRAILER) {
    if (!signed) {
      // decision docs/decisions/sigv4-verification-choices.md: signed chunks need a signed request.
      throw new SigV4Error(
        'InvalidRequest',
        `x-amz-content-sha256 ${value} requires a request signed with SigV4`,
      );
    }
    const withTrailer = value === STREAMING_SIGNED_TRAILER;
    return { kind: 'streaming-signed', withTrailer, ...parseFraming(headers, withTrailer) };
  }
  throw invalidContentSha256(value);
}
