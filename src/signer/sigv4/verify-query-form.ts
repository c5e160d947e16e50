// Verifies the presigned-URL (query-string) form of SigV4 (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): the six X-Amz-* parameters,
// X-Amz-Expires up to a week, URLs dated in the future, expiry, and the signature over the query without
// X-Amz-Signature.

import { ALGORITHM, formatIsoSeconds, headerValue, parseAmzDate } from './canonical-request.ts';
import { decodeQueryComponent, splitRawQuery } from './canonical-uri.ts';
import {
  assertAmzHeadersSigned,
  checkSignature,
  DEFAULT_MAX_SKEW_MS,
  lookupSecret,
  signingKeyFor,
} from './check-signature.ts';
import { parseCredential, parseSignedHeaders } from './parse-credential.ts';
import { parsePayloadMode, UNSIGNED_PAYLOAD } from './payload-mode.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';
import type { SigV4Request, SigV4Verdict, VerifySigV4Options } from './sigv4-types.ts';

const MAX_PRESIGN_EXPIRES_SECONDS = 604800;
export const SIGNATURE_PARAM = 'X-Amz-Signature';

const PRESIGN_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
] as const;

export function queryParams(rawQuery: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  for (const { name, value } of splitRawQuery(rawQuery)) {
    const decoded = decodeQueryComponent(name);
    if (!params.has(decoded)) params.set(decoded, value === undefined ? '' : decodeQueryComponent(value));
  }
  return params;
}

function queryError(message: string): SigV4Error {
  return new SigV4Error('AuthorizationQueryParametersError', message);
}

export function verifyQueryForm(
  request: SigV4Request,
  params: Map<string, string>,
  options: VerifySigV4Options,
): SigV4Verdict {
  if (PRESIGN_PARAMS.some((name) => !params.has(name))) {
    throw queryError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ' +
        'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const get = (name: (typeof PRESIGN_PARAMS)[number]): string => params.get(name) as string;
  if (get('X-Amz-Algorithm') !== ALGORITHM) throw queryError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const credential = parseCredential(get('X-Amz-Credential'), 'presigned', options);
  const amzDate = get('X-Amz-Date');
  const time = parseAmzDate(amzDate);
  if (!time) throw queryError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  const expiresRaw = get('X-Amz-Expires');
  if (!/^-?\d+$/.test(expiresRaw)) throw queryError('X-Amz-Expires should be a number');
  const expiresSeconds = Number(expiresRaw);
  if (expiresSeconds < 0) throw queryError('X-Amz-Expires must be non-negative');
  if (expiresSeconds > MAX_PRESIGN_EXPIRES_SECONDS) {
    throw queryError(
      `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_EXPIRES_SECONDS}`,
    );
  }
  if (credential.date !== amzDate.slice(0, 8)) {
    throw queryError(
      `Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
    );
  }
  const signedHeaders = parseSignedHeaders(get('X-Amz-SignedHeaders'), 'presigned');
  assertAmzHeadersSigned(request.headers, signedHeaders);
  // The S3 presigners hoist x-amz-content-sha256 into the query (X-Amz-Content-Sha256=UNSIGNED-PAYLOAD).
  const contentSha256 = signedHeaders.includes('x-amz-content-sha256')
    ? headerValue(request.headers, 'x-amz-content-sha256')?.trim()
    : params.get('X-Amz-Content-Sha256');
  const payload = parsePayloadMode(contentSha256, request.headers, false);
  if (payload.kind === 'streaming-unsigned-trailer') {
    throw new SigV4Error(
      'InvalidRequest',
      'aws-chunked bodies are not supported with query-string authentication',
    );
  }
  const secret = lookupSecret(options, credential.accessKeyId);
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const nowMs = options.now.getTime();
  if (time.getTime() - nowMs > maxSkewMs) {
    // decision docs/decisions/sigv4-verification-choices.md: URLs dated in the future.
    throw new SigV4Error('AccessDenied', 'Request is not valid yet');
  }
  const expiresAt = new Date(time.getTime() + expiresSeconds * 1000);
  if (nowMs > expiresAt.getTime() || expiresSeconds === 0) {
    throw new SigV4Error('AccessDenied', MESSAGES.requestExpired, [
      ['X-Amz-Expires', expiresRaw],
      ['Expires', formatIsoSeconds(expiresAt)],
      ['ServerTime', formatIsoSeconds(options.now)],
    ]);
  }
  checkSignature({
    request,
    credential,
    signingKey: signingKeyFor(options, secret, credential),
    amzDate,
    signedHeaders,
    payloadHash: contentSha256 ?? UNSIGNED_PAYLOAD,
    providedSignature: get('X-Amz-Signature'),
    excludeQueryParam: SIGNATURE_PARAM,
  });
  const securityToken = params.get('X-Amz-Security-Token');
  return {
    kind: 'authenticated',
    form: 'presigned',
    accessKeyId: credential.accessKeyId,
    region: credential.region,
    signedHeaders,
    ...(securityToken === undefined ? {} : { securityToken }),
    expiresAt,
    payload,
  };
}
