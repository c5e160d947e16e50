// Canonical request and string to sign for SigV4 (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): canonical headers from Node's header
// shape, the `AWS4-HMAC-SHA256` string to sign, and the timestamp formats S3 uses.

import { createHash } from 'node:crypto';
import { canonicalizeQuery, canonicalizeUri } from './canonical-uri.ts';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Node's `IncomingMessage.headers` shape: lower-case names. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** Trim and collapse inner runs of whitespace to one space (AWS "Trimall"). */
export function trimAll(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/**
 * The values of one header, in arrival order. Node joins repeated headers with `, ` in `headers`; when
 * `rawHeaders` (Node's flat [name, value, …] list) is given the original values are recovered from it, so
 * they can be joined with `,` as AWS does.
 */
export function headerValues(headers: HeaderMap, name: string, rawHeaders?: readonly string[]): string[] {
  if (rawHeaders) {
    const values: string[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (rawHeaders[i].toLowerCase() === name) values.push(rawHeaders[i + 1]);
    }
    if (values.length > 0) return values;
  }
  const value = headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A single header value (first of an array), or undefined. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export type CanonicalRequestInput = {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string | undefined;
  readonly headers: HeaderMap;
  readonly rawHeaders?: readonly string[];
  /** Lower-case names in the order they appear in SignedHeaders. */
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  /** Query parameter left out (by decoded name), i.e. `X-Amz-Signature` for presigned requests. */
  readonly excludeQueryParam?: string;
};

export function buildCanonicalRequest(input: CanonicalRequestInput): string {
  const headerLines = input.signedHeaders.map(
    (name) => `${name}:${headerValues(input.headers, name, input.rawHeaders).map(trimAll).join(',')}\n`,
  );
  return [
    input.method,
    canonicalizeUri(input.rawPath),
    canonicalizeQuery(input.rawQuery, input.excludeQueryParam),
    headerLines.join(''),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `<date>/<region>/<service>/aws4_request` */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

/**
 * `canonicalRequestBytes` says how the canonical request's characters become the bytes that are hashed: UTF-8
 * for strings a signer was given, latin1 for strings Node decoded from the wire (one char per received byte),
 * so that a client that signed raw UTF-8 header bytes is checked against exactly those bytes.
 */
export function buildStringToSign(
  amzDate: string,
  scope: string,
  canonicalRequest: string,
  canonicalRequestBytes: 'utf8' | 'latin1' = 'utf8',
): string {
  const hash = sha256Hex(Buffer.from(canonicalRequest, canonicalRequestBytes));
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${hash}`;
}

/** True when every character fits in a byte: a string as Node decodes header bytes (latin1). */
export function isByteString(value: string): boolean {
  return !/[^\u0000-\u00ff]/.test(value);
}

/** ISO 8601 basic format, `yyyymmddThhmmssZ`. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `yyyymmddThhmmssZ`; undefined when malformed or not a real calendar time. */
export function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return date;
}

/** S3's time format in error bodies (`ServerTime`, `Expires`): ISO 8601 without milliseconds. */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Space-separated two-digit hex of the UTF-8 bytes (S3's `StringToSignBytes`, `CanonicalRequestBytes`). */
export function toSpacedHex(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}
