// CloudFront's url-safe base64 (AWS: "Create a signed URL using a canned policy"): standard base64 with `+`→`-`, `=`→`_`, `/`→`~`,
// used for `Policy` and `Signature` in URLs and cookies. Decoding is strict: bad input is a value, not a throw.

const TO_URL_SAFE: Readonly<Record<string, string>> = { '+': '-', '=': '_', '/': '~' };
const FROM_URL_SAFE: Readonly<Record<string, string>> = { '-': '+', _: '=', '~': '/' };

export function encodeUrlSafeBase64(data: Uint8Array | string): string {
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString('base64').replace(/[+=/]/g, (c) => TO_URL_SAFE[c]);
}

/** Maps an already-standard base64 string (e.g. Node's `sign(..., 'base64')` output) to the url-safe alphabet. */
export function toUrlSafeBase64(base64: string): string {
  return base64.replace(/[+=/]/g, (c) => TO_URL_SAFE[c]);
}

const STANDARD_BODY = /^[A-Za-z0-9+/]*$/;

/**
 * Decodes url-safe base64; returns undefined for anything that is not well-formed (wrong alphabet,
 * impossible length, padding in the middle). Padding may be present (as `_` or `=`) or omitted.
 * The standard alphabet's `+` and `/` are tolerated too: clients sometimes send plain base64.
 */
export function decodeUrlSafeBase64(text: string): Buffer | undefined {
  if (text.length === 0) return undefined;
  const standard = text.replace(/[-_~]/g, (c) => FROM_URL_SAFE[c]);
  const firstPad = standard.indexOf('=');
  const body = firstPad === -1 ? standard : standard.slice(0, firstPad);
  const padding = firstPad === -1 ? '' : standard.slice(firstPad);
  if (!STANDARD_BODY.test(body)) return undefined;
  if (padding.length > 2 || /[^=]/.test(padding)) return undefined;
  if (body.length % 4 === 1) return undefined;
  if (padding.length > 0 && (body.length + padding.length) % 4 !== 0) return undefined;
  return Buffer.from(body, 'base64');
}
