// Verifies the Authorization-header form of SigV4 (spec s3.md B.2): parses `AWS4-HMAC-SHA256 Credential=…,
// SignedHeaders=…, Signature=…`, takes the request time from x-amz-date (else Date), enforces the clock skew
// and returns the verdict, with the seed signature aws-chunked bodies chain from.

import {
  ALGORITHM,
  credentialScope,
  formatAmzDate,
  formatIsoSeconds,
  type HeaderMap,
  headerValue,
  parseAmzDate,
} from './canonical-request.ts';
import {
  assertAmzHeadersSigned,
  checkSignature,
  DEFAULT_MAX_SKEW_MS,
  lookupSecret,
  signingKeyFor,
} from './check-signature.ts';
import { malformed, parseCredential, parseSignedHeaders } from './parse-credential.ts';
import { parsePayloadMode } from './payload-mode.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';
import type { SigV4Request, SigV4Verdict, VerifySigV4Options } from './verify-sigv4-request.ts';

function parseAuthorizationHeader(value: string): {
  credential: string;
  signedHeaders: string;
  signature: string;
} {
  const trimmed = value.trim();
  if (trimmed.startsWith('AWS ')) throw new SigV4Error('InvalidRequest', MESSAGES.unsupportedMechanism);
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    throw new SigV4Error('InvalidArgument', 'Unsupported Authorization Type', [
      ['ArgumentName', 'Authorization'],
      ['ArgumentValue', value],
    ]);
  }
  const components = new Map<string, string>();
  for (const piece of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const part = piece.trim();
    const eq = part.indexOf('=');
    if (eq > 0) components.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = components.get('Credential');
  const signedHeaders = components.get('SignedHeaders');
  const signature = components.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    throw malformed(
      'header',
      'the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
  }
  return { credential, signedHeaders, signature };
}

/** The request time of a header-signed request: x-amz-date, else the HTTP Date header. */
function headerRequestTime(headers: HeaderMap): { amzDate: string; time: Date; raw: string } {
  const amz = headerValue(headers, 'x-amz-date');
  if (amz !== undefined) {
    const time = parseAmzDate(amz.trim());
    if (time) return { amzDate: amz.trim(), time, raw: amz };
  } else {
    const date = headerValue(headers, 'date');
    const ms = date === undefined ? Number.NaN : Date.parse(date);
    if (!Number.isNaN(ms)) {
      const time = new Date(ms);
      return { amzDate: formatAmzDate(time), time, raw: date as string };
    }
  }
  throw new SigV4Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
}

export function verifyHeaderForm(
  request: SigV4Request,
  authorization: string,
  options: VerifySigV4Options,
): SigV4Verdict {
  const parsed = parseAuthorizationHeader(authorization);
  const credential = parseCredential(parsed.credential, 'header', options);
  const signedHeaders = parseSignedHeaders(parsed.signedHeaders, 'header');
  const { amzDate, time, raw } = headerRequestTime(request.headers);
  if (credential.date !== amzDate.slice(0, 8)) {
    throw malformed(
      'header',
      `Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
    );
  }
  // Services other than S3 sign the body's hash without sending it; the caller hashed the body it read.
  const contentSha256 = headerValue(request.headers, 'x-amz-content-sha256') ?? options.payloadSha256Hex;
  if (contentSha256 === undefined) {
    throw new SigV4Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  const payload = parsePayloadMode(contentSha256.trim(), request.headers, true);
  assertAmzHeadersSigned(request.headers, signedHeaders);
  const secret = lookupSecret(options, credential.accessKeyId);
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (Math.abs(options.now.getTime() - time.getTime()) > maxSkewMs) {
    throw new SigV4Error('RequestTimeTooSkewed', MESSAGES.requestTimeTooSkewed, [
      ['RequestTime', raw],
      ['ServerTime', formatIsoSeconds(options.now)],
      ['MaxAllowedSkewMilliseconds', String(maxSkewMs)],
    ]);
  }
  const signingKey = signingKeyFor(options, secret, credential);
  const signature = checkSignature({
    request,
    credential,
    signingKey,
    amzDate,
    signedHeaders,
    payloadHash: contentSha256.trim(),
    providedSignature: parsed.signature,
  });
  const securityToken = headerValue(request.headers, 'x-amz-security-token');
  return {
    kind: 'authenticated',
    form: 'header',
    accessKeyId: credential.accessKeyId,
    region: credential.region,
    signedHeaders,
    ...(securityToken === undefined ? {} : { securityToken }),
    payload,
    ...(payload.kind === 'streaming-signed'
      ? {
          chunkSigning: {
            seedSignature: signature,
            signingKey,
            scope: credentialScope(credential.date, credential.region, credential.service),
            amzDate,
          },
        }
      : {}),
  };
}
