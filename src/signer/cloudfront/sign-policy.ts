// The signing core shared by getSignedUrl and getSignedCookies: builds the canned or custom policy exactly
// as @aws-sdk/cloudfront-signer does (AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer") and signs it with RSA or ECDSA, SHA-1/SHA-256.

import { createSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { parseSigningCidr } from './parse-signing-cidr.ts';
import { encodeUrlSafeBase64, toUrlSafeBase64 } from './url-safe-base64.ts';

export type CloudFrontHashAlgorithm = 'SHA1' | 'SHA256';
export type DateInput = string | number | Date;

export type CloudFrontSignerCredentials = {
  readonly keyPairId: string;
  /** PEM (PKCS#1, PKCS#8 or SEC1), optionally encrypted with `passphrase`; a KeyObject also works. */
  readonly privateKey: string | Buffer | KeyObject;
  readonly passphrase?: string;
  readonly algorithm?: CloudFrontHashAlgorithm;
};

export type CloudFrontSignInputWithParameters = CloudFrontSignerCredentials & {
  readonly url: string;
  readonly dateLessThan: DateInput;
  readonly dateGreaterThan?: DateInput;
  readonly ipAddress?: string;
  readonly policy?: never;
};

export type CloudFrontSignInputWithPolicy = CloudFrontSignerCredentials & {
  readonly url?: string;
  /** A complete policy JSON document, signed byte-for-byte as given (no validation, like the SDK). */
  readonly policy: string;
  readonly dateLessThan?: never;
  readonly dateGreaterThan?: never;
  readonly ipAddress?: never;
};

export type CloudFrontSignInput = CloudFrontSignInputWithParameters | CloudFrontSignInputWithPolicy;

/** The signing values before they become query parameters or cookies, in the SDK's order. */
export type SigningAttributes = {
  readonly Expires?: number;
  readonly Policy?: string;
  readonly 'Key-Pair-Id': string;
  readonly Signature: string;
};

type PolicyChoice =
  | { readonly kind: 'canned'; readonly policy: string; readonly expires: number }
  | { readonly kind: 'custom'; readonly policy: string };

/**
 * Chooses and renders the policy: a given `policy` is custom; otherwise custom iff `dateGreaterThan` or
 * `ipAddress` is set, else canned (even for a wildcard URL — the SDK does not "help", AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer").
 */
export function choosePolicy(input: {
  readonly url?: string;
  readonly policy?: string;
  readonly dateLessThan?: DateInput;
  readonly dateGreaterThan?: DateInput;
  readonly ipAddress?: string;
}): PolicyChoice {
  if (input.policy) return { kind: 'custom', policy: input.policy };
  if (!input.url || !input.dateLessThan) throw new Error('Invalid policy');
  const resource = resourceForScheme(input.url);
  const dateLessThan = toEpochSeconds(input.dateLessThan);
  if (!dateLessThan)
    throw new Error(
      'dateLessThan is invalid. Ensure the date value is compatible with the Date constructor.',
    );
  const dateGreaterThan = toEpochSeconds(input.dateGreaterThan);
  // Member order matters for byte-identical output: DateLessThan, DateGreaterThan, IpAddress (AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer").
  const condition: Record<string, unknown> = { DateLessThan: { 'AWS:EpochTime': dateLessThan } };
  if (dateGreaterThan) condition.DateGreaterThan = { 'AWS:EpochTime': dateGreaterThan };
  if (input.ipAddress) condition.IpAddress = { 'AWS:SourceIp': parseSigningCidr(input.ipAddress) };
  const policy = JSON.stringify({ Statement: [{ Resource: resource, Condition: condition }] });
  if (dateGreaterThan || input.ipAddress) return { kind: 'custom', policy };
  return { kind: 'canned', policy, expires: dateLessThan };
}

export function signPolicyAttributes(
  choice: PolicyChoice,
  credentials: CloudFrontSignerCredentials,
): SigningAttributes {
  const signature = signPolicy(choice.policy, credentials);
  return choice.kind === 'canned'
    ? { Expires: choice.expires, 'Key-Pair-Id': credentials.keyPairId, Signature: signature }
    : {
        Policy: encodeUrlSafeBase64(choice.policy),
        'Key-Pair-Id': credentials.keyPairId,
        Signature: signature,
      };
}

/** RSA PKCS#1 v1.5 or ECDSA (DER), chosen by the key; the digest by `algorithm` (AWS: "Create key pairs for your signers"). */
export function signPolicy(policy: string, credentials: CloudFrontSignerCredentials): string {
  const signer = createSign(credentials.algorithm === 'SHA256' ? 'RSA-SHA256' : 'RSA-SHA1');
  signer.update(policy);
  const key = credentials.privateKey;
  const base64 = isKeyObject(key)
    ? signer.sign(key, 'base64')
    : signer.sign({ key, passphrase: credentials.passphrase }, 'base64');
  return toUrlSafeBase64(base64);
}

/**
 * The policy `Resource` for a URL: the URL itself for http(s)/ws(s), the bare path for legacy rtmp;
 * any other scheme is refused with the SDK's message.
 */
export function resourceForScheme(url: string): string {
  const protocol = url.slice(0, url.indexOf('//'));
  switch (protocol) {
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      return url;
    case 'rtmp:': {
      // Only the host is needed to cut the origin off; the path itself is never normalised.
      const hostname = new URL(url).hostname;
      return url.substring(`${protocol}//${hostname}`.length).replace(/(?::\d+)?\//, '');
    }
    default:
      throw new Error('Invalid URI scheme. Scheme must be one of http, https, or rtmp');
  }
}

/** Anything `new Date()` accepts → whole seconds, rounded (not truncated), like the SDK. */
export function toEpochSeconds(date: DateInput | undefined): number | undefined {
  if (!date) return undefined;
  const parsed = new Date(date);
  const ms = parsed.getTime();
  return Number.isNaN(ms) ? undefined : Math.round(ms / 1000);
}

function isKeyObject(key: unknown): key is KeyObject {
  return typeof key === 'object' && key !== null && !Buffer.isBuffer(key) && 'asymmetricKeyType' in key;
}

/**
 * A custom policy for a `Resource` pattern (wildcards allowed), rendered exactly as the SDK renders its own custom
 * policies: compact JSON, Condition members DateLessThan, DateGreaterThan, IpAddress (AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer").
 */
export function renderCustomPolicy(input: {
  readonly resource: string;
  readonly dateLessThan: DateInput;
  readonly dateGreaterThan?: DateInput;
  readonly ipAddress?: string;
}): string {
  const dateLessThan = toEpochSeconds(input.dateLessThan);
  if (!dateLessThan)
    throw new Error(
      'dateLessThan is invalid. Ensure the date value is compatible with the Date constructor.',
    );
  const condition: Record<string, unknown> = { DateLessThan: { 'AWS:EpochTime': dateLessThan } };
  const dateGreaterThan = toEpochSeconds(input.dateGreaterThan);
  if (dateGreaterThan) condition.DateGreaterThan = { 'AWS:EpochTime': dateGreaterThan };
  if (input.ipAddress) condition.IpAddress = { 'AWS:SourceIp': parseSigningCidr(input.ipAddress) };
  return JSON.stringify({ Statement: [{ Resource: input.resource, Condition: condition }] });
}
