// Re-encodes a URL the way @aws-sdk/cloudfront-signer does before signing, so that the signed `Resource`
// equals the URL a browser or HTTP client puts on the wire (AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer" step 1).
// Path segments: decoded then `encodeURIComponent`-ed (no double encoding, `/./` and `/../` kept).
// Query: split on `&`, each name and value re-encoded keeping `%XX` (upper-cased) and `+`, with `'` → `%27`;
// a parameter without `=` gets one. Scheme and authority are left byte-for-byte as given.

export function encodeUrlForSigning(url: string): string {
  const protocolEnd = url.indexOf('//');
  if (protocolEnd === -1) return url;
  const pathStart = url.indexOf('/', protocolEnd + 2);
  if (pathStart === -1) return url;
  const origin = url.slice(0, pathStart);
  const rest = url.slice(pathStart);
  const queryIndex = rest.indexOf('?');
  const rawPath = queryIndex === -1 ? rest : rest.slice(0, queryIndex);
  const rawQuery = queryIndex === -1 ? '' : rest.slice(queryIndex + 1);
  return origin + encodePath(rawPath) + encodeQuery(rawQuery);
}

function encodePath(rawPath: string): string {
  return rawPath.replace(/[^/]+/g, (segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // Not valid percent-encoding (e.g. a lone `%`): encode the segment as it is, `%` included.
      decoded = segment;
    }
    return encodeURIComponent(decoded);
  });
}

function encodeQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`;
    });
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** Keeps existing `%XX` escapes (hex upper-cased) and `+` as they are; encodes everything else. */
function encodeQueryComponent(component: string): string {
  // Lone surrogates cannot be UTF-8 encoded; the SDK replaces them with U+FFFD.
  const wellFormed = component.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
  return wellFormed
    .split(/(%[0-9A-Fa-f]{2}|\+)/g)
    .map((part, index) => {
      if (index % 2 === 1) return part === '+' ? '+' : part.toUpperCase();
      return encodeURIComponent(part).replace(/'/g, '%27');
    })
    .join('');
}
