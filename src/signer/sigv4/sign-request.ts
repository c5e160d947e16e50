// SigV4 signing for requests Frontgate sends (the edge's origin access control to S3) and for tests:
// Authorization-header signing and presigned URLs. The path is signed exactly as it will go on the wire.

import {
  ALGORITHM,
  buildCanonicalRequest,
  buildStringToSign,
  isByteString,
  credentialScope,
  formatAmzDate,
  type HeaderMap,
  trimAll,
} from './canonical-request.ts';
import { encodeRfc3986 } from './canonical-uri.ts';
import { UNSIGNED_PAYLOAD } from './payload-mode.ts';
import { deriveSigningKey, hmacSha256, type SigningKey, type SigningKeyCache } from './signing-key.ts';
import type { ChunkSigningContext } from './sigv4-types.ts';

export type SigV4Credentials = {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
};

/** Headers that proxies may change or that are per-hop, left unsigned (as the AWS SDKs do). */
const UNSIGNABLE = new Set([
  'authorization',
  'connection',
  'expect',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

export type SignRequestInput = {
  readonly method: string;
  readonly host: string;
  /** Already wire-encoded path, e.g. `/bucket/a%20key`. */
  readonly rawPath: string;
  readonly rawQuery?: string;
  /** Headers that will be sent (any case); all but per-hop ones are signed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body, `UNSIGNED-PAYLOAD`, or a STREAMING-* value. */
  readonly payloadHash: string;
  readonly credentials: SigV4Credentials;
  readonly region: string;
  readonly service: string;
  readonly now: Date;
  readonly signingKeyCache?: SigningKeyCache;
};

export type SignedRequest = {
  /** Headers to add to the request (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  readonly signature: string;
  /** For STREAMING-AWS4-HMAC-SHA256-PAYLOAD bodies: the seed the chunk signatures chain from. */
  readonly chunkSigning: ChunkSigningContext;
};

function signingKey(input: SignRequestInput, date: string): SigningKey {
  const { secretAccessKey } = input.credentials;
  return input.signingKeyCache
    ? input.signingKeyCache.getKeyObject(secretAccessKey, date, input.region, input.service)
    : deriveSigningKey(secretAccessKey, date, input.region, input.service);
}

function collectHeaders(input: SignRequestInput, extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { host: input.host };
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const lower = name.toLowerCase();
    if (UNSIGNABLE.has(lower) || lower.startsWith('proxy-')) continue;
    headers[lower] =
      headers[lower] === undefined || lower === 'host' ? value : `${headers[lower]},${trimAll(value)}`;
  }
  return { ...headers, ...extra };
}

/** Signs with the Authorization header; returns the headers to add (`authorization`, `x-amz-date`, …). */
export function signRequestSigV4(input: SignRequestInput): SignedRequest {
  const amzDate = formatAmzDate(input.now);
  const date = amzDate.slice(0, 8);
  const added: Record<string, string> = {
    'x-amz-date': amzDate,
    'x-amz-content-sha256': input.payloadHash,
  };
  if (input.credentials.sessionToken !== undefined)
    added['x-amz-security-token'] = input.credentials.sessionToken;
  const headers: HeaderMap = collectHeaders(input, added);
  const signedHeaders = Object.keys(headers).sort();
  const canonicalRequest = buildCanonicalRequest({
    method: input.method,
    rawPath: input.rawPath,
    rawQuery: input.rawQuery,
    headers,
    signedHeaders,
    payloadHash: input.payloadHash,
  });
  const scope = credentialScope(date, input.region, input.service);
  const key = signingKey(input, date);
  const signature = hmacSha256(
    key,
    buildStringToSign(amzDate, scope, canonicalRequest, wireBytes(canonicalRequest)),
  ).toString('hex');
  return {
    headers: {
      ...added,
      authorization: `${ALGORITHM} Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
    },
    signature,
    chunkSigning: { seedSignature: signature, signingKey: key, scope, amzDate },
  };
}

export type PresignInput = Omit<SignRequestInput, 'payloadHash'> & {
  readonly expiresSeconds: number;
  /** Defaults to UNSIGNED-PAYLOAD, as S3 presigned URLs use. */
  readonly payloadHash?: string;
};

/**
 * Presigns a URL; returns the complete raw query (original parameters plus X-Amz-*) to put after `?`.
 * Headers given are signed and must be sent with the request.
 */
export function presignSigV4Url(input: PresignInput): {
  readonly rawQuery: string;
  readonly signature: string;
} {
  if (!Number.isInteger(input.expiresSeconds) || input.expiresSeconds < 1 || input.expiresSeconds > 604800) {
    throw new RangeError('expiresSeconds must be an integer from 1 to 604800');
  }
  const amzDate = formatAmzDate(input.now);
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, input.region, input.service);
  const headers: HeaderMap = collectHeaders({ ...input, payloadHash: '' }, {});
  const signedHeaders = Object.keys(headers).sort();
  const auth: Array<[string, string]> = [
    ['X-Amz-Algorithm', ALGORITHM],
    // As @aws-sdk/s3-request-presigner does: the payload hash travels in the query.
    ['X-Amz-Content-Sha256', input.payloadHash ?? UNSIGNED_PAYLOAD],
    ['X-Amz-Credential', `${input.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(input.expiresSeconds)],
    ['X-Amz-SignedHeaders', signedHeaders.join(';')],
  ];
  if (input.credentials.sessionToken !== undefined) {
    auth.push(['X-Amz-Security-Token', input.credentials.sessionToken]);
  }
  const authQuery = auth.map(([n, v]) => `${n}=${encodeRfc3986(v)}`).join('&');
  const rawQuery = input.rawQuery ? `${input.rawQuery}&${authQuery}` : authQuery;
  const canonicalRequest = buildCanonicalRequest({
    method: input.method,
    rawPath: input.rawPath,
    rawQuery,
    headers,
    signedHeaders,
    payloadHash: input.payloadHash ?? UNSIGNED_PAYLOAD,
  });
  const key = signingKey({ ...input, payloadHash: '' }, date);
  const signature = hmacSha256(
    key,
    buildStringToSign(amzDate, scope, canonicalRequest, wireBytes(canonicalRequest)),
  ).toString('hex');
  return { rawQuery: `${rawQuery}&X-Amz-Signature=${signature}`, signature };
}

/**
 * Node and undici send a header string one byte per character (latin1), so a byte string is signed as the bytes
 * that will travel; a string with wider characters (which they would refuse to send) is signed as UTF-8.
 */
function wireBytes(canonicalRequest: string): 'latin1' | 'utf8' {
  return isByteString(canonicalRequest) ? 'latin1' : 'utf8';
}
