// Names of the signing parameters and cookies (AWS: "Create a signed URL using a canned policy", "Set signed cookies using a canned policy"), finding them in a raw query by
// name (any position), and removing them before the canned policy, the cache key and the origin request (AWS: "Serve private content with signed URLs and signed cookies").

export const SIGNED_URL_PARAM_NAMES = [
  'Expires',
  'Policy',
  'Signature',
  'Key-Pair-Id',
  'Hash-Algorithm',
] as const;
export type SignedUrlParamName = (typeof SIGNED_URL_PARAM_NAMES)[number];

export const SIGNED_COOKIE_NAMES = [
  'CloudFront-Expires',
  'CloudFront-Policy',
  'CloudFront-Signature',
  'CloudFront-Key-Pair-Id',
  'CloudFront-Hash-Algorithm',
] as const;
export type SignedCookieName = (typeof SIGNED_COOKIE_NAMES)[number];

const PARAM_NAMES: ReadonlySet<string> = new Set(SIGNED_URL_PARAM_NAMES);

function paramName(pair: string): string {
  const eq = pair.indexOf('=');
  return eq === -1 ? pair : pair.slice(0, eq);
}

/**
 * Removes every `Expires`, `Policy`, `Signature`, `Key-Pair-Id` and `Hash-Algorithm` parameter from a raw
 * query (no leading `?`), keeping the other parameters byte-for-byte and in order. Names are compared
 * exactly as sent (case-sensitive, not percent-decoded), as CloudFront finds them by name.
 */
export function stripSigningParams(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery.split('&');
  const kept = pairs.filter((pair) => !PARAM_NAMES.has(paramName(pair)));
  return kept.length === pairs.length ? rawQuery : kept.join('&');
}

/**
 * The raw (still percent-encoded) value of the first occurrence of each signing parameter present;
 * a parameter without `=` has the value ''.
 */
export function findSigningParams(rawQuery: string): Partial<Record<SignedUrlParamName, string>> {
  const found: Partial<Record<SignedUrlParamName, string>> = {};
  if (rawQuery === '') return found;
  for (const pair of rawQuery.split('&')) {
    const name = paramName(pair);
    if (!PARAM_NAMES.has(name)) continue;
    const key = name as SignedUrlParamName;
    if (found[key] === undefined) found[key] = pair.length === name.length ? '' : pair.slice(name.length + 1);
  }
  return found;
}
