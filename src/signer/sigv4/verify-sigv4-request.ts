// Verifies a request's SigV4 signature, Authorization-header or presigned-query form (spec s3.md B.2):
// a pure decision over method, raw target and headers. Body integrity is checked later, while the body
// streams, by createPayloadDecoder with the `payload` and `chunkSigning` this returns.

import {
  ALGORITHM,
  buildCanonicalRequest,
  buildStringToSign,
  credentialScope,
  formatAmzDate,
  formatIsoSeconds,
  type HeaderMap,
  headerValue,
  parseAmzDate,
  toSpacedHex,
} from './canonical-request.ts';
import { decodeQueryComponent, splitRawQuery } from './canonical-uri.ts';
import { type PayloadMode, parsePayloadMode, UNSIGNED_PAYLOAD } from './payload-mode.ts';
import { hmacSha256, type SigningKeyCache, deriveSigningKey, signaturesEqual } from './signing-key.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';

export type SigV4Request = {
  readonly method: string;
  /** The path exactly as received on the wire (still percent-encoded), without the query. */
  readonly rawPath: string;
  /** The query exactly as received, without `?`; '' or undefined when absent. */
  readonly rawQuery?: string | undefined;
  readonly headers: HeaderMap;
  /** Node's `rawHeaders`; when given, repeated headers are canonicalised exactly (joined with `,`). */
  readonly rawHeaders?: readonly string[];
};

export type VerifySigV4Options = {
  lookupSecret(accessKeyId: string): string | undefined;
  readonly now: Date;
  readonly service: string;
  /** Allowed clock difference for header-signed requests; default 15 minutes (S3's value). */
  readonly maxSkewMs?: number;
  /** When set, a credential scope naming another region is refused as S3 does (AuthorizationHeaderMalformed). */
  readonly expectedRegion?: string;
  readonly signingKeyCache?: SigningKeyCache;
};

/** What chunk and trailer signatures chain from (spec s3.md B.2, aws-chunked). */
export type ChunkSigningContext = {
  readonly seedSignature: string;
  readonly signingKey: Buffer;
  readonly scope: string;
  readonly amzDate: string;
};

export type SigV4Verdict =
  | { readonly kind: 'anonymous'; readonly payload: PayloadMode }
  | {
      readonly kind: 'authenticated';
      readonly form: 'header' | 'presigned';
      readonly accessKeyId: string;
      /** From the credential scope; compare with the bucket's region if expectedRegion was not given. */
      readonly region: string;
      readonly signedHeaders: readonly string[];
      readonly securityToken?: string;
      /** Presigned only: when the URL stops being valid. */
      readonly expiresAt?: Date;
      readonly payload: PayloadMode;
      readonly chunkSigning?: ChunkSigningContext;
    };

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES_SECONDS = 604800;
const SIGNATURE_PARAM = 'X-Amz-Signature';

type AuthForm = 'header' | 'presigned';

type Credential = {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
};

function malformed(
  form: AuthForm,
  detail: string,
  fields: ReadonlyArray<readonly [string, string]> = [],
): SigV4Error {
  return form === 'header'
    ? new SigV4Error(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; ${detail}`,
        fields,
      )
    : new SigV4Error(
        'AuthorizationQueryParametersError',
        `Error parsing the X-Amz-Credential parameter; ${detail}`,
        fields,
      );
}

function parseCredential(value: string, form: AuthForm, options: VerifySigV4Options): Credential {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[0] === '' || !/^\d{8}$/.test(parts[1]) || parts[2] === '') {
    throw malformed(
      form,
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  const [accessKeyId, date, region, service, terminal] = parts;
  if (options.expectedRegion !== undefined && region !== options.expectedRegion) {
    throw malformed(form, `the region '${region}' is wrong; expecting '${options.expectedRegion}'`, [
      ['Region', options.expectedRegion],
    ]);
  }
  if (service !== options.service) {
    throw malformed(form, `incorrect service "${service}". This endpoint belongs to "${options.service}".`);
  }
  if (terminal !== 'aws4_request') {
    throw malformed(form, `incorrect terminal "${terminal}". This endpoint uses "aws4_request".`);
  }
  return { accessKeyId, date, region, service };
}

function parseSignedHeaders(value: string, form: AuthForm): string[] {
  const names = value.split(';');
  if (names.some((n) => n === '' || n !== n.toLowerCase())) {
    throw form === 'header'
      ? malformed(form, 'the SignedHeaders component is not well-formed.')
      : new SigV4Error('AuthorizationQueryParametersError', 'X-Amz-SignedHeaders is not well-formed.');
  }
  if (!names.includes('host')) {
    // decision docs/decisions/sigv4-verification-choices.md: `host` must always be signed.
    throw form === 'header'
      ? malformed(form, 'the SignedHeaders component must include host.')
      : new SigV4Error('AuthorizationQueryParametersError', 'X-Amz-SignedHeaders must include host.');
  }
  return names;
}

/**
 * Headers exempt from the signed-x-amz-* rule: CloudFront adds X-Amz-Cf-Id to origin requests, and S3
 * accepts those from origin access control (decision docs/decisions/sigv4-verification-choices.md).
 */
const UNSIGNED_AMZ_HEADERS_ALLOWED = new Set(['x-amz-cf-id']);

/** S3 refuses x-amz-* headers that are present but not signed (AccessDenied, HeadersNotSigned). */
function assertAmzHeadersSigned(headers: HeaderMap, signedHeaders: readonly string[]): void {
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

function lookupSecret(options: VerifySigV4Options, accessKeyId: string): string {
  const secret = options.lookupSecret(accessKeyId);
  if (secret === undefined) {
    throw new SigV4Error('InvalidAccessKeyId', MESSAGES.invalidAccessKeyId, [
      ['AWSAccessKeyId', accessKeyId],
    ]);
  }
  return secret;
}

function signingKeyFor(options: VerifySigV4Options, secret: string, credential: Credential): Buffer {
  return options.signingKeyCache
    ? options.signingKeyCache.get(secret, credential.date, credential.region, credential.service)
    : deriveSigningKey(secret, credential.date, credential.region, credential.service);
}

type CheckSignatureInput = {
  readonly request: SigV4Request;
  readonly credential: Credential;
  readonly signingKey: Buffer;
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  readonly providedSignature: string;
  readonly excludeQueryParam?: string;
};

/** Computes the expected signature and throws SignatureDoesNotMatch (with S3's diagnostic fields) if it differs. */
function checkSignature(input: CheckSignatureInput): string {
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
  const stringToSign = buildStringToSign(input.amzDate, scope, canonicalRequest);
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

function verifyHeaderForm(
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
  const contentSha256 = headerValue(request.headers, 'x-amz-content-sha256');
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

const PRESIGN_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
] as const;

function queryParams(rawQuery: string | undefined): Map<string, string> {
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

function verifyQueryForm(
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

/**
 * Authenticates a request. Returns `anonymous` when it carries no authentication at all, `authenticated`
 * when the signature verifies; throws SigV4Error (S3 code, message, status, XML fields) otherwise.
 */
export function verifySigV4Request(request: SigV4Request, options: VerifySigV4Options): SigV4Verdict {
  const authorization = headerValue(request.headers, 'authorization');
  const params = queryParams(request.rawQuery);
  const hasQueryAuth =
    params.has('X-Amz-Algorithm') || params.has('X-Amz-Credential') || params.has(SIGNATURE_PARAM);
  const hasV2QueryAuth = params.has('AWSAccessKeyId') && params.has('Signature');
  if (authorization !== undefined && (hasQueryAuth || hasV2QueryAuth)) {
    throw new SigV4Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string ' +
        'parameter or the Authorization header should be specified',
      [
        ['ArgumentName', 'Authorization'],
        ['ArgumentValue', authorization],
      ],
    );
  }
  if (authorization !== undefined) return verifyHeaderForm(request, authorization, options);
  if (hasQueryAuth) return verifyQueryForm(request, params, options);
  if (hasV2QueryAuth) throw new SigV4Error('InvalidRequest', MESSAGES.unsupportedMechanism);
  const contentSha256 = headerValue(request.headers, 'x-amz-content-sha256')?.trim();
  return { kind: 'anonymous', payload: parsePayloadMode(contentSha256, request.headers, false) };
}
