// S3 canonical URI and canonical query string from the raw request target (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): bytes are
// percent-decoded then re-encoded per RFC 3986 (unreserved kept, everything else %XX upper-case), so a
// correctly encoded target is used as sent; no dot-segment removal, no double encoding.

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

function pushEncodedByte(out: string[], byte: number): void {
  if (isUnreserved(byte)) out.push(String.fromCharCode(byte));
  else out.push(`%${HEX[byte >> 4]}${HEX[byte & 15]}`);
}

const UPPER_HEX = (code: number): boolean => (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46);

/**
 * Whether re-encoding would return the component unchanged: unreserved characters, `%XX` escapes in upper
 * case of bytes that must stay escaped, and `/` where kept. What the SDKs send is; it is then used as is
 * (the re-encoding built a string per character, a quarter of a presigned GET's verification).
 */
function isCanonical(component: string, keepSlash: boolean): boolean {
  for (let i = 0; i < component.length; i++) {
    const code = component.charCodeAt(i);
    if (isUnreserved(code) || (code === 0x2f && keepSlash)) continue;
    if (code !== 0x25 || i + 2 >= component.length) return false;
    const hi = component.charCodeAt(i + 1);
    const lo = component.charCodeAt(i + 2);
    if (!UPPER_HEX(hi) || !UPPER_HEX(lo) || isUnreserved(hexValue(hi) * 16 + hexValue(lo))) return false;
    i += 2;
  }
  return true;
}

/**
 * Re-encodes one component: valid `%XX` escapes are decoded to their byte, other characters become their
 * UTF-8 bytes, and every byte is written back in RFC 3986 form. A literal `/` is kept when `keepSlash`
 * (path); an encoded `%2F` stays encoded, because S3 treats them as different keys.
 */
function reencode(component: string, keepSlash: boolean): string {
  if (isCanonical(component, keepSlash)) return component;
  const out: string[] = [];
  for (let i = 0; i < component.length; i++) {
    const code = component.charCodeAt(i);
    if (code === 0x25 && i + 2 < component.length) {
      const hi = hexValue(component.charCodeAt(i + 1));
      const lo = hexValue(component.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        pushEncodedByte(out, hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (code === 0x2f && keepSlash) {
      out.push('/');
      continue;
    }
    if (code < 0x80) {
      pushEncodedByte(out, code);
      continue;
    }
    // Non-ASCII: encode the code point's UTF-8 bytes (surrogate pairs consumed together).
    const point = component.codePointAt(i) ?? code;
    if (point > 0xffff) i++;
    for (const byte of Buffer.from(String.fromCodePoint(point), 'utf8')) pushEncodedByte(out, byte);
  }
  return out.join('');
}

/** RFC 3986 encoding of an unencoded string (the SDKs' `escapeUri`): used when building query strings. */
export function encodeRfc3986(value: string): string {
  const out: string[] = [];
  for (const byte of Buffer.from(value, 'utf8')) pushEncodedByte(out, byte);
  return out.join('');
}

/** The canonical URI for S3: the raw wire path normalised to RFC 3986 encoding; empty becomes `/`. */
export function canonicalizeUri(rawPath: string): string {
  if (rawPath === '') return '/';
  return reencode(rawPath, true);
}

/** One raw `name=value` pair of a query string, as sent. */
export type RawQueryParam = { readonly name: string; readonly value: string | undefined };

/** Splits a raw query (without `?`) into pairs, keeping the wire encoding; empty pieces are skipped. */
export function splitRawQuery(rawQuery: string | undefined): RawQueryParam[] {
  if (!rawQuery) return [];
  const params: RawQueryParam[] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq < 0) params.push({ name: piece, value: undefined });
    else params.push({ name: piece.slice(0, eq), value: piece.slice(eq + 1) });
  }
  return params;
}

/** Percent-decodes a query component (`+` stays `+`, RFC 3986; invalid escapes stay literal). */
export function decodeQueryComponent(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    // The same answer for valid escapes of valid UTF-8, without a byte array; anything else throws.
    return decodeURIComponent(raw);
  } catch {
    return decodeLeniently(raw);
  }
}

function decodeLeniently(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    const point = raw.codePointAt(i) ?? code;
    if (point > 0xffff) i++;
    for (const byte of Buffer.from(String.fromCodePoint(point), 'utf8')) bytes.push(byte);
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The canonical query string: each name and value decoded and RFC 3986 re-encoded, valueless parameters
 * given `=`, sorted by encoded name then value (byte order), `&`-joined. `exclude` drops parameters by
 * their decoded name (X-Amz-Signature for presigned URLs).
 */
export function canonicalizeQuery(rawQuery: string | undefined, exclude?: string): string {
  const pairs: Array<[string, string]> = [];
  for (const { name, value } of splitRawQuery(rawQuery)) {
    if (exclude !== undefined && decodeQueryComponent(name) === exclude) continue;
    pairs.push([reencode(name, false), value === undefined ? '' : reencode(value, false)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}
