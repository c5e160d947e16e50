// Whether a cross-origin fetch() needs a CORS preflight, and what the preflight carries (WHATWG Fetch
// "CORS-safelisted method/request-header", "CORS-unsafe request-header names"), with the value rules Chromium
// applies (services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader).

export type RequestMode = 'cors' | 'no-cors' | 'same-origin' | 'navigate';

export type PreflightReason =
  | { readonly kind: 'method'; readonly method: string }
  | { readonly kind: 'header'; readonly name: string; readonly why: string };

export type NeedsPreflightResult =
  | { readonly kind: 'no-preflight'; readonly why: string }
  | {
      readonly kind: 'preflight';
      readonly reasons: readonly PreflightReason[];
      /** Value of `Access-Control-Request-Method`: the method as given. */
      readonly accessControlRequestMethod: string;
      /** Value of `Access-Control-Request-Headers` (sorted, lower-case, `,`-joined) or undefined. */
      readonly accessControlRequestHeaders?: string;
    }
  | { readonly kind: 'type-error'; readonly why: string };

const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

// Fetch "forbidden request-header": scripts cannot set these; fetch() drops them silently.
const FORBIDDEN_HEADER_NAMES = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/** True for names a page script cannot set (Fetch "forbidden request-header"). */
export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADER_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** Fetch "CORS-unsafe request-header byte". */
function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
    if ('"():<>?@[\\]{}'.includes(value[i])) return true;
  }
  return false;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function contentTypeEssence(value: string): string | undefined {
  const [mime] = value.split(';');
  const [type, subtype, extra] = mime.trim().split('/');
  if (extra !== undefined || type === undefined || subtype === undefined) return undefined;
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  return `${type}/${subtype}`.toLowerCase();
}

/** Why a header is not CORS-safelisted, or undefined when it is. */
export function corsUnsafeReason(name: string, value: string): string | undefined {
  const lower = name.toLowerCase();
  if (value.length > 128) return 'its value is longer than 128 bytes';
  switch (lower) {
    case 'accept':
      return hasUnsafeByte(value) ? 'its value contains a CORS-unsafe byte' : undefined;
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value)
        ? undefined
        : 'its value has characters outside [0-9A-Za-z *,-.;=]';
    case 'content-type': {
      if (hasUnsafeByte(value.toLowerCase())) return 'its value contains a CORS-unsafe byte';
      const essence = contentTypeEssence(value.toLowerCase());
      return essence === 'application/x-www-form-urlencoded' ||
        essence === 'multipart/form-data' ||
        essence === 'text/plain'
        ? undefined
        : `Content-Type ${essence ?? value} is not application/x-www-form-urlencoded, multipart/form-data or text/plain`;
    }
    case 'save-data':
      return value.toLowerCase() === 'on' ? undefined : 'Save-Data must be "on"';
    case 'device-memory':
    case 'dpr':
      return /^\d+(\.\d+)?$/.test(value) ? undefined : 'its value is not a number';
    case 'width':
    case 'viewport-width':
      return /^\d+$/.test(value) ? undefined : 'its value is not an integer';
    default:
      // `Range` included: Chromium treats it as a privileged no-cors header only, so fetch() preflights it.
      return 'it is not a CORS-safelisted request header';
  }
}

/**
 * Decides whether `fetch(url, { method, headers, mode })` from another origin sends a preflight first.
 * Forbidden headers are ignored (the browser drops them). `mode: 'no-cors'` never preflights but only allows
 * safelisted methods.
 */
export function needsPreflight(input: {
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly mode?: RequestMode;
}): NeedsPreflightResult {
  const mode = input.mode ?? 'cors';
  const upper = input.method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper))
    return { kind: 'type-error', why: `'${input.method}' HTTP method is unsupported.` };
  if (mode === 'navigate') return { kind: 'no-preflight', why: 'navigations are not CORS requests' };
  if (mode === 'same-origin')
    return { kind: 'no-preflight', why: "mode 'same-origin' refuses cross-origin URLs outright" };
  if (mode === 'no-cors') {
    if (!SAFELISTED_METHODS.has(upper)) {
      return { kind: 'type-error', why: `'${input.method}' is unsupported in no-cors mode.` };
    }
    return { kind: 'no-preflight', why: "mode 'no-cors' never preflights (the response is opaque)" };
  }
  const reasons: PreflightReason[] = [];
  if (!SAFELISTED_METHODS.has(upper)) reasons.push({ kind: 'method', method: input.method });
  const unsafe = new Set<string>();
  let safelistedBytes = 0;
  const safelistedNames: string[] = [];
  for (const [name, value] of input.headers) {
    if (isForbiddenRequestHeader(name)) continue;
    const why = corsUnsafeReason(name, value);
    if (why !== undefined) {
      if (!unsafe.has(name.toLowerCase())) reasons.push({ kind: 'header', name: name.toLowerCase(), why });
      unsafe.add(name.toLowerCase());
    } else {
      safelistedBytes += value.length;
      safelistedNames.push(name.toLowerCase());
    }
  }
  // Fetch: when safelisted values add up to more than 1024 bytes, all of them become unsafe.
  if (safelistedBytes > 1024) {
    for (const name of safelistedNames) {
      if (!unsafe.has(name))
        reasons.push({ kind: 'header', name, why: 'safelisted header values exceed 1024 bytes in total' });
      unsafe.add(name);
    }
  }
  if (reasons.length === 0) return { kind: 'no-preflight', why: 'method and headers are CORS-safelisted' };
  return {
    kind: 'preflight',
    reasons,
    accessControlRequestMethod: input.method,
    accessControlRequestHeaders: unsafe.size === 0 ? undefined : [...unsafe].sort().join(','),
  };
}
