// Decides whether a request to a behavior with trusted key groups carries a valid CloudFront signature
// (AWS: "Serve private content with signed URLs and signed cookies", "aws-sdk-js-v3 @aws-sdk/cloudfront-signer"): signed-URL parameters first, else CloudFront-* cookies; canned or custom
// policy; RSA or ECDSA with SHA-1/SHA-256. A pure decider: hostile input becomes a denial, never a throw.

import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { CustomPolicy } from './parse-custom-policy.ts';
import { MAX_EPOCH_SECONDS, PolicyFormatError, parseCustomPolicy } from './parse-custom-policy.ts';
import { matchPolicyResource } from './match-policy-resource.ts';
import { matchSourceIp } from './match-source-ip.ts';
import { SIGNED_COOKIE_NAMES, findSigningParams, stripSigningParams } from './signing-params.ts';
import { decodeUrlSafeBase64 } from './url-safe-base64.ts';
import type { RawCustomPolicyCredentials, VerifiedSignatureCache } from './verified-signature-cache.ts';

export type TrustedKey = { readonly id: string; readonly key: KeyObject };

export type SignedRequestInput = {
  readonly scheme: 'http' | 'https';
  /** As the viewer sent it, port included. */
  readonly host: string;
  /** Wire form, never decoded or normalised. */
  readonly rawPath: string;
  /** Wire form, without `?`. */
  readonly rawQuery: string;
  /** Cookie name → raw value. */
  readonly cookies: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  readonly clientIp: string;
  readonly now: Date;
  /** The keys of the matched behavior's trusted key groups, by key id. */
  readonly trustedKeys: ReadonlyMap<string, TrustedKey>;
  readonly signatureCache?: VerifiedSignatureCache;
};

export type SignedAccessDenialCode =
  | 'MissingKey'
  | 'InvalidKey'
  | 'MalformedSignature'
  | 'MalformedPolicy'
  | 'AccessDenied';

export type SignedAccessDecision =
  | {
      readonly kind: 'allowed';
      readonly via: 'url' | 'cookie';
      readonly keyPairId: string;
      readonly policy: 'canned' | 'custom';
      readonly hashAlgorithm: 'SHA1' | 'SHA256';
      readonly expiresAt: Date;
      /** Until when the same credentials stay acceptable for the same request (the policy's DateLessThan). */
      readonly cacheableUntil: Date;
    }
  | {
      readonly kind: 'denied';
      readonly code: SignedAccessDenialCode;
      /** CloudFront's wire message for the code (AWS: "Serve private content with signed URLs and signed cookies"). */
      readonly message: string;
      /** A precise explanation for humans (the doctor); never contains signatures or keys. */
      readonly detail: string;
      readonly via?: 'url' | 'cookie';
    };

/** CloudFront's `<Message>` per code, byte-exact (AWS: "Serve private content with signed URLs and signed cookies"; note the lower-case d in `Access denied`). */
export const SIGNED_ACCESS_MESSAGES: Readonly<Record<SignedAccessDenialCode, string>> = {
  MissingKey: 'Missing Key-Pair-Id query parameter or cookie value',
  InvalidKey: 'Unknown Key',
  MalformedSignature: 'Could not unencode Signature',
  MalformedPolicy: 'Malformed Policy',
  AccessDenied: 'Access denied',
};

/** Bounded by CloudFront's 20,480-byte request limit (AWS: "Quotas"); anything longer cannot be a real policy. */
export const MAX_ENCODED_POLICY_CHARS = 20480;
/** An RSA-4096 signature is 684 base64 characters; ECDSA P-256 about 96. */
const MAX_ENCODED_SIGNATURE_CHARS = 1024;
const MAX_SHOWN_CHARS = 200;

type Credentials = {
  readonly via: 'url' | 'cookie';
  readonly keyPairId?: string;
  readonly signature?: string;
  readonly policy?: string;
  readonly expires?: string;
  readonly hashAlgorithm?: string;
};

export function verifySignedRequest(input: SignedRequestInput): SignedAccessDecision {
  try {
    return decide(input);
  } catch (error) {
    // Defensive: a bug here must deny, not serve private content or crash the edge.
    return deny('AccessDenied', `internal verification error: ${(error as Error).message}`);
  }
}

function decide(input: SignedRequestInput): SignedAccessDecision {
  const credentials = collectCredentials(input);
  const { via } = credentials;

  // (2) key id present — AWS: "Serve private content with signed URLs and signed cookies" order.
  if (!credentials.keyPairId) return deny('MissingKey', explainMissingKey(input, credentials), via);
  const keyPairId = credentials.keyPairId;

  // (3) key known to the behavior.
  const trusted = input.trustedKeys.get(keyPairId);
  if (trusted === undefined) {
    const known = [...input.trustedKeys.keys()].join(', ') || 'none';
    return deny(
      'InvalidKey',
      `key id ${show(keyPairId)} (from the ${sourceName(via, 'Key-Pair-Id')}) is not in a trusted key group of this behavior (trusted: ${known})`,
      via,
    );
  }

  // (4) signature decodable.
  const signatureText = credentials.signature;
  if (!signatureText) return deny('MalformedSignature', `no ${sourceName(via, 'Signature')} value`, via);
  const hashAlgorithmText = credentials.hashAlgorithm === undefined ? 'SHA1' : credentials.hashAlgorithm;

  const strippedQuery = stripSigningParams(input.rawQuery);
  const requestUrl = `${input.scheme}://${input.host}${input.rawPath}${strippedQuery === '' ? '' : `?${strippedQuery}`}`;
  const rawCredentials: RawCustomPolicyCredentials | undefined =
    credentials.policy === undefined || (hashAlgorithmText !== 'SHA1' && hashAlgorithmText !== 'SHA256')
      ? undefined
      : { keyPairId, hashAlgorithm: hashAlgorithmText, signature: signatureText, policy: credentials.policy };
  // Credentials that verified before, byte for byte, passed checks (4)–(7) then: no base64, no RSA, no JSON
  // now. The policy's conditions below still run on every request.
  const recalled =
    rawCredentials === undefined
      ? undefined
      : input.signatureCache?.recallCustomPolicy(rawCredentials, trusted.key, input.now);
  const verified =
    recalled !== undefined && rawCredentials !== undefined
      ? { policy: recalled, cannedExpires: undefined, hashAlgorithm: rawCredentials.hashAlgorithm }
      : decodeAndVerify(
          input,
          credentials,
          trusted,
          { keyPairId, signatureText, requestUrl },
          rawCredentials,
        );
  if ('kind' in verified) return verified;
  const { policy, cannedExpires, hashAlgorithm } = verified;
  const expiresAt = new Date(policy.dateLessThanEpochSeconds * 1000);

  const nowMs = input.now.getTime();
  if (nowMs >= expiresAt.getTime()) {
    return deny(
      'AccessDenied',
      `policy expired at ${expiresAt.toISOString()} (now ${input.now.toISOString()})`,
      via,
    );
  }
  if (
    policy.dateGreaterThanEpochSeconds !== undefined &&
    nowMs <= policy.dateGreaterThanEpochSeconds * 1000
  ) {
    const start = new Date(policy.dateGreaterThanEpochSeconds * 1000);
    return deny(
      'AccessDenied',
      `policy is not valid until after ${start.toISOString()} (now ${input.now.toISOString()})`,
      via,
    );
  }
  if (policy.sourceIp !== undefined && !matchSourceIp(policy.sourceIp, input.clientIp)) {
    return deny(
      'AccessDenied',
      `client IP ${show(input.clientIp)} is not in AWS:SourceIp ${policy.sourceIp.text}${input.clientIp.includes(':') && !input.clientIp.toLowerCase().startsWith('::ffff:') ? ' (IPv6 viewers never match: CloudFront IP conditions are IPv4 only)' : ''}`,
      via,
    );
  }
  if (policy.resource !== undefined) {
    const matches = matchPolicyResource(policy.resource, {
      scheme: input.scheme,
      host: input.host,
      rawPath: input.rawPath,
      rawQuery: strippedQuery,
    });
    if (!matches)
      return deny(
        'AccessDenied',
        `Resource ${show(policy.resource)} does not match ${show(requestUrl)}`,
        via,
      );
  }
  return {
    kind: 'allowed',
    via,
    keyPairId,
    policy: cannedExpires === undefined ? 'custom' : 'canned',
    hashAlgorithm,
    expiresAt,
    cacheableUntil: expiresAt,
  };
}

/** Checks (4) signature decodable and the hash algorithm, then (5)–(7) via verifyAndParsePolicy. */
function decodeAndVerify(
  input: SignedRequestInput,
  credentials: Credentials,
  trusted: TrustedKey,
  received: { readonly keyPairId: string; readonly signatureText: string; readonly requestUrl: string },
  rawCredentials: RawCustomPolicyCredentials | undefined,
): ReturnType<typeof verifyAndParsePolicy> {
  const { via } = credentials;
  const { keyPairId, signatureText, requestUrl } = received;
  if (signatureText.length > MAX_ENCODED_SIGNATURE_CHARS) {
    return deny(
      'MalformedSignature',
      `${sourceName(via, 'Signature')} is ${signatureText.length} characters, longer than any RSA or ECDSA signature`,
      via,
    );
  }
  const signature = decodeUrlSafeBase64(signatureText);
  if (signature === undefined) {
    return deny(
      'MalformedSignature',
      `${sourceName(via, 'Signature')} is not url-safe base64 (alphabet A-Z a-z 0-9 - ~ with _ padding)`,
      via,
    );
  }

  const hashAlgorithm = credentials.hashAlgorithm === undefined ? 'SHA1' : credentials.hashAlgorithm;
  if (hashAlgorithm !== 'SHA1' && hashAlgorithm !== 'SHA256') {
    return deny(
      'AccessDenied',
      `${sourceName(via, 'Hash-Algorithm')} is ${show(hashAlgorithm)}; CloudFront accepts SHA1 or SHA256`,
      via,
    );
  }

  return verifyAndParsePolicy(
    input,
    credentials,
    trusted,
    { keyPairId, signatureText, signature, hashAlgorithm, requestUrl },
    rawCredentials,
  );
}

/** The signature checked (or found in the cache by digest) and the policy parsed; remembered on success. */
function verifyAndParsePolicy(
  input: SignedRequestInput,
  credentials: Credentials,
  trusted: TrustedKey,
  checked: {
    readonly keyPairId: string;
    readonly signatureText: string;
    readonly signature: Buffer;
    readonly hashAlgorithm: 'SHA1' | 'SHA256';
    readonly requestUrl: string;
  },
  rawCredentials: RawCustomPolicyCredentials | undefined,
):
  | {
      readonly policy: CustomPolicy;
      readonly cannedExpires: number | undefined;
      readonly hashAlgorithm: 'SHA1' | 'SHA256';
    }
  | SignedAccessDecision {
  const { via } = credentials;
  const { keyPairId, signatureText, signature, hashAlgorithm, requestUrl } = checked;
  // (5) the policy bytes: decoded custom policy, or the canned policy rebuilt from the wire URL.
  let policyBytes: Buffer;
  let cannedExpires: number | undefined;
  if (credentials.policy !== undefined) {
    if (credentials.policy.length > MAX_ENCODED_POLICY_CHARS) {
      return deny(
        'MalformedPolicy',
        `${sourceName(via, 'Policy')} is ${credentials.policy.length} characters, more than a request can carry (${MAX_ENCODED_POLICY_CHARS})`,
        via,
      );
    }
    const decoded = decodeUrlSafeBase64(credentials.policy);
    if (decoded === undefined)
      return deny('MalformedPolicy', `${sourceName(via, 'Policy')} is not url-safe base64`, via);
    policyBytes = decoded;
  } else if (credentials.expires !== undefined) {
    if (!/^\d{1,10}$/.test(credentials.expires) || Number(credentials.expires) > MAX_EPOCH_SECONDS) {
      return deny(
        'MalformedPolicy',
        `${sourceName(via, 'Expires')} ${show(credentials.expires)} is not epoch seconds in 0..${MAX_EPOCH_SECONDS}`,
        via,
      );
    }
    cannedExpires = Number(credentials.expires);
    // Rebuilt byte-exactly as the SDKs serialise it (AWS: "Create a signed URL using a custom policy", "aws-sdk-js-v3 @aws-sdk/cloudfront-signer" rule 3); `Expires` as received.
    const canned = `{"Statement":[{"Resource":${JSON.stringify(requestUrl)},"Condition":{"DateLessThan":{"AWS:EpochTime":${credentials.expires}}}}]}`;
    policyBytes = Buffer.from(canned, 'utf8');
  } else {
    return deny(
      'MalformedPolicy',
      `neither ${sourceName(via, 'Expires')} (canned policy) nor ${sourceName(via, 'Policy')} (custom policy) is present`,
      via,
    );
  }

  // (6) the signature, over the exact bytes (never a re-serialisation).
  const cacheEntry = {
    keyPairId,
    publicKey: trusted.key,
    hashAlgorithm,
    signature: signatureText,
    policyBytes,
  } as const;
  const cached = input.signatureCache?.has(cacheEntry, input.now) ?? false;
  if (!cached && !verifySignature(hashAlgorithm, policyBytes, trusted.key, signature)) {
    const what =
      cannedExpires === undefined
        ? `the ${sourceName(via, 'Policy')} bytes`
        : `the canned policy rebuilt for Resource ${requestUrl} with Expires ${cannedExpires}`;
    const why =
      cannedExpires === undefined
        ? 'the policy was altered, or signed with another key or hash algorithm'
        : 'the URL differs from the one signed (encoding, added or reordered parameters, host, port or scheme), a canned policy was signed for a wildcard, or another key or hash algorithm was used';
    return deny(
      'AccessDenied',
      `signature does not verify with key ${keyPairId} (${trusted.key.asymmetricKeyType === 'ec' ? 'ECDSA' : 'RSA'}-${hashAlgorithm}) over ${what}: ${why}`,
      via,
    );
  }

  // (7) the statement's conditions.
  let policy: CustomPolicy;
  if (cannedExpires === undefined) {
    try {
      policy = parseCustomPolicy(policyBytes);
    } catch (error) {
      if (error instanceof PolicyFormatError) return deny('MalformedPolicy', error.message, via);
      throw error;
    }
  } else {
    policy = { dateLessThanEpochSeconds: cannedExpires };
  }
  const expiresAt = new Date(policy.dateLessThanEpochSeconds * 1000);
  const rememberedRaw =
    rawCredentials !== undefined &&
    input.signatureCache?.rememberCustomPolicy(rawCredentials, trusted.key, policy, input.now) === true;
  if (!cached && !rememberedRaw) input.signatureCache?.remember(cacheEntry, expiresAt, input.now);
  return { policy, cannedExpires, hashAlgorithm };
}

/** Signed-URL parameters win as soon as any of them is present (AWS: "Create a signed URL using a canned policy", "Set signed cookies using a canned policy"). */
function collectCredentials(input: SignedRequestInput): Credentials {
  const params = findSigningParams(input.rawQuery);
  if (Object.keys(params).length > 0) {
    return {
      via: 'url',
      keyPairId: mapDefined(params['Key-Pair-Id'], percentDecode),
      signature: mapDefined(params.Signature, percentDecode),
      policy: mapDefined(params.Policy, percentDecode),
      expires: mapDefined(params.Expires, percentDecode),
      hashAlgorithm: mapDefined(params['Hash-Algorithm'], percentDecode),
    };
  }
  const cookie = (name: string): string | undefined =>
    mapDefined(readCookie(input.cookies, name), normaliseCookieValue);
  return {
    via: 'cookie',
    keyPairId: cookie('CloudFront-Key-Pair-Id'),
    signature: cookie('CloudFront-Signature'),
    policy: cookie('CloudFront-Policy'),
    expires: cookie('CloudFront-Expires'),
    hashAlgorithm: cookie('CloudFront-Hash-Algorithm'),
  };
}

function explainMissingKey(input: SignedRequestInput, credentials: Credentials): string {
  if (credentials.via === 'url') {
    const cookiesToo = SIGNED_COOKIE_NAMES.some((name) => readCookie(input.cookies, name) !== undefined);
    return `the URL has signing parameters but no (or an empty) Key-Pair-Id${cookiesToo ? '; CloudFront-* cookies were ignored because signed-URL parameters take precedence' : ''}`;
  }
  const names = cookieNames(input.cookies);
  const wrongCase = names.filter((name) =>
    SIGNED_COOKIE_NAMES.some(
      (expected) => expected.toLowerCase() === name.toLowerCase() && expected !== name,
    ),
  );
  if (wrongCase.length > 0) {
    return `no CloudFront-Key-Pair-Id cookie; cookie names are case-sensitive and the request has ${wrongCase.map(show).join(', ')}`;
  }
  if (readCookie(input.cookies, 'CloudFront-Key-Pair-Id') !== undefined)
    return 'the CloudFront-Key-Pair-Id cookie is empty';
  const other = SIGNED_COOKIE_NAMES.filter((name) => readCookie(input.cookies, name) !== undefined);
  if (other.length > 0) return `the request has ${other.join(', ')} but no CloudFront-Key-Pair-Id cookie`;
  return 'the request has no signing material: no Key-Pair-Id query parameter and no CloudFront-* cookies (was the cookie refused by the browser, scoped to another domain or path, or not sent on a cross-site or credential-less request?)';
}

function verifySignature(
  hashAlgorithm: 'SHA1' | 'SHA256',
  data: Buffer,
  key: KeyObject,
  signature: Buffer,
): boolean {
  try {
    // RSA keys verify PKCS#1 v1.5, EC keys a DER-encoded ECDSA signature (AWS: "Create key pairs for your signers", docs/decisions/).
    return verify(hashAlgorithm === 'SHA256' ? 'sha256' : 'sha1', data, key, signature);
  } catch {
    return false;
  }
}

function readCookie(cookies: SignedRequestInput['cookies'], name: string): string | undefined {
  if (cookies instanceof Map) return cookies.get(name);
  const record = cookies as Readonly<Record<string, string>>;
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function cookieNames(cookies: SignedRequestInput['cookies']): string[] {
  return cookies instanceof Map ? [...cookies.keys()] : Object.keys(cookies);
}

/** Cookie values may arrive quoted or percent-encoded (e.g. by `res.cookie()`); the url-safe alphabet needs neither. */
function normaliseCookieValue(value: string): string {
  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return percentDecode(unquoted);
}

function percentDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function mapDefined<T>(value: string | undefined, map: (value: string) => T): T | undefined {
  return value === undefined ? undefined : map(value);
}

function sourceName(via: 'url' | 'cookie', name: string): string {
  return via === 'url' ? `${name} query parameter` : `CloudFront-${name} cookie`;
}

/** Quotes untrusted text for a detail message, cut short so a hostile value cannot flood logs. */
function show(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text);
}

function deny(code: SignedAccessDenialCode, detail: string, via?: 'url' | 'cookie'): SignedAccessDecision {
  return {
    kind: 'denied',
    code,
    message: SIGNED_ACCESS_MESSAGES[code],
    detail,
    ...(via === undefined ? {} : { via }),
  };
}
