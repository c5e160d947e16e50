// The verification steps both SigV4 forms share once the request is parsed: every x-amz-* header signed,
// the secret looked up, the signing key derived (or cached), and the signature recomputed and compared in
// constant time, failing with S3's diagnostic fields (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)").

import {
  buildCanonicalRequest,
  buildStringToSign,
  isByteString,
  credentialScope,
  type HeaderMap,
  toSpacedHex,
} from './canonical-request.ts';
import type { Credential } from './parse-credential.ts';
import { deriveSigningKey, hmacSha256, type SigningKey, signaturesEqual } from './signing-key.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';
import type { SigV4Request, VerifySigV4Options } from './sigv4-types.ts';

/** Allowed clock difference for header-signed requests unless `maxSkewMs` says otherwise (S3's value). */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Headers exempt from the signed-x-amz-* rule: CloudFront adds X-Amz-Cf-Id to origin requests, and S3
 * accepts those from origin access control (decision docs/decisions/sigv4-verification-choices.md).
 */
const UNSIGNED_AMZ_HEADERS_ALLOWED = new Set(['x-amz-cf-id']);

/** S3 refuses x-amz-* headers that are present but not signed (AccessDenied, HeadersNotSigned). */
export function assertAmzHeadersSigned(headers: HeaderMap, signedHeaders: readonly string[]): void {
  const unsigned = Object.keys(headers)
    .filter(
      (name) =>
        name.startsWith('x-amz-') &&
        headers[name] !== undefined &&
        !signedHeaders.includes(name) &&
        !UNSIGNED_AMZ_HEADERS_ALLOWED.has(name),
    )
    .sort();
  if (unsigned.length > 0) {
    throw new SigV4Error('AccessDenied', 'There were headers present in the request which were not signed', [
      ['HeadersNotSigned', unsigned.join(', ')],
    ]);
  }
}

export function lookupSecret(options: VerifySigV4Options, accessKeyId: string): string {
  const secret = options.lookupSecret(accessKeyId);
  if (secret === undefined) {
    throw new SigV4Error('InvalidAccessKeyId', MESSAGES.invalidAccessKeyId, [
      ['AWSAccessKeyId', accessKeyId],
    ]);
  }
  return secret;
}

export function signingKeyFor(
  options: VerifySigV4Options,
  secret: string,
  credential: Credential,
): SigningKey {
  return options.signingKeyCache
    ? options.signingKeyCache.getKeyObject(secret, credential.date, credential.region, credential.service)
    : deriveSigningKey(secret, credential.date, credential.region, credential.service);
}

type CheckSignatureInput = {
  readonly request: SigV4Request;
  readonly credential: Credential;
  readonly signingKey: SigningKey;
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  readonly providedSignature: string;
  readonly excludeQueryParam?: string;
};

/** Computes the expected signature and throws SignatureDoesNotMatch (with S3's diagnostic fields) if it differs. */
export function checkSignature(input: CheckSignatureInput): string {
  const canonicalRequest = buildCanonicalRequest({
    method: input.request.method,
    rawPath: input.request.rawPath,
    rawQuery: input.request.rawQuery,
    headers: input.request.headers,
    rawHeaders: input.request.rawHeaders,
    signedHeaders: input.signedHeaders,
    payloadHash: input.payloadHash,
    excludeQueryParam: input.excludeQueryParam,
  });
  const scope = credentialScope(input.credential.date, input.credential.region, input.credential.service);
  // Header values arrive as Node decodes them: one character per byte (latin1). Hash those very bytes, so raw
  // UTF-8 in a signed header (x-amz-meta-…) verifies as on S3; a caller passing real Unicode gets UTF-8.
  const bytes = isByteString(canonicalRequest) ? 'latin1' : 'utf8';
  const stringToSign = buildStringToSign(input.amzDate, scope, canonicalRequest, bytes);
  const expected = hmacSha256(input.signingKey, stringToSign).toString('hex');
  if (!signaturesEqual(expected, input.providedSignature)) {
    throw new SigV4Error('SignatureDoesNotMatch', MESSAGES.signatureDoesNotMatch, [
      ['AWSAccessKeyId', input.credential.accessKeyId],
      ['StringToSign', stringToSign],
      ['SignatureProvided', input.providedSignature],
      ['StringToSignBytes', toSpacedHex(stringToSign)],
      ['CanonicalRequest', canonicalRequest],
      ['CanonicalRequestBytes', toSpacedHex(canonicalRequest)],
    ]);
  }
  return expected;
}
