// Verifies the Authorization-header form of SigV4 (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): parses `AWS4-HMAC-SHA256 Credential=…,
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
import type { SigV4Request, SigV4Verdict, VerifySigV4Options } from './sigv4-types.ts';

const COMPONENTS: readonly string[] = ['Credential', 'SignedHeaders', 'Signature'];

function malformedComponent(piece: string): SigV4Error {
  return malformed('header', `the authorization component "${piece}" is malformed.`);
}

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
  // S3 splits on commas and checks each piece; a piece it cannot read is quoted back as sent
  // ("the authorization component \" Signature=\" is malformed."). Unknown, repeated or out-of-order
  // components are refused the same way (docs/decisions/sigv4-verification-choices.md).
  const pieces = trimmed.slice(ALGORITHM.length + 1).split(',');
  const found = new Map<string, { readonly value: string; readonly piece: string }>();
  for (const piece of pieces) {
    const match = /^\s*([A-Za-z]+)=(\S+)\s*$/.exec(piece);
    if (match === null || !COMPONENTS.includes(match[1]) || found.has(match[1]))
      throw malformedComponent(piece);
    found.set(match[1], { value: match[2], piece });
  }
  if (found.size !== COMPONENTS.length) {
    throw malformed(
      'header',
      'the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
  }
  const order = [...found.keys()];
  const misplaced = order.findIndex((name, index) => name !== COMPONENTS[index]);
  if (misplaced >= 0) throw malformedComponent(found.get(order[misplaced])!.piece);
  const values = COMPONENTS.map((name) => found.get(name)!.value);
  const [credential, signedHeaders, signature] = values;
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
