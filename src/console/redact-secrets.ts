// Keeps secrets out of everything the console sends: cookie values, signatures and signed policies, SigV4
// signatures and session tokens, and anything named like a key or secret. Shapes stay intact so a redacted
// trace still reads as a trace.

export const REDACTED = '‹redacted›';

const SECRET_HEADERS = new Set(['x-amz-security-token', 'proxy-authorization']);
const SECRET_FIELD = /secret|private|password|token|signature|^policy$/i;
/** Query/cookie/header parameters whose values are secrets (CloudFront signed URLs, SigV4 presigned URLs). */
const SECRET_PARAMS =
  /\b(Signature|Policy|X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|CloudFront-Signature|CloudFront-Policy)=([^&;\s,"]+)/gi;

/** Replaces the secret parameters inside a string (a URL, a query, a Set-Cookie line). */
export function redactText(text: string): string {
  return text.replace(SECRET_PARAMS, (_match, name: string) => `${name}=${REDACTED}`);
}

/** `a=1; b=2` → `a=‹redacted›; b=‹redacted›` (names are kept: they say which cookies travelled). */
function redactCookieHeader(value: string): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq)}=${REDACTED}`;
    })
    .join(';');
}

/** A Set-Cookie line keeps its name and attributes; only the value goes. */
function redactSetCookie(value: string): string {
  const semi = value.indexOf(';');
  const pair = semi < 0 ? value : value.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = eq < 0 ? pair : pair.slice(0, eq);
  return `${name}=${REDACTED}${semi < 0 ? '' : value.slice(semi)}`;
}

/** `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` keeps the scheme and signed headers only. */
function redactAuthorization(value: string): string {
  const scheme = value.split(' ')[0] ?? '';
  const signed = /SignedHeaders=([^,\s]+)/.exec(value)?.[1];
  return `${scheme} ${REDACTED}${signed === undefined ? '' : ` (SignedHeaders=${signed})`}`;
}

export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return redactCookieHeader(value);
  if (lower === 'set-cookie') return redactSetCookie(value);
  if (lower === 'authorization') return redactAuthorization(value);
  if (SECRET_HEADERS.has(lower)) return REDACTED;
  return redactText(value);
}

function isHeaderPair(value: unknown): value is readonly [string, string] {
  return (
    Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string'
  );
}

/**
 * A deep copy of `value` with secrets replaced: header pairs by their header rules, `cookies` pairs by value,
 * fields named like secrets, and secret parameters inside any string.
 */
export function redactSecrets<T>(value: T, fieldName = ''): T {
  if (typeof value === 'string') {
    // `policy: 'custom'` in a signed-access decision names the policy kind, not the policy.
    if (fieldName !== '' && SECRET_FIELD.test(fieldName) && !/^(canned|custom)$/.test(value))
      return REDACTED as T;
    return redactText(value) as T;
  }
  if (Array.isArray(value)) {
    if (fieldName === 'cookies' && value.every(isHeaderPair))
      return value.map(([name]) => [name, REDACTED]) as T;
    if (value.length > 0 && value.every(isHeaderPair))
      return value.map(([name, v]) => [name, redactHeader(name, v)]) as T;
    return value.map((item) => redactSecrets(item, fieldName)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = redactSecrets(inner, key);
    return out as T;
  }
  return value;
}
