// Matches a custom policy's `Resource` against the request URL as received on the wire (AWS:
//  "Create a signed URL using a custom policy"): sections `[scheme]://[domain]/[path]\?[query]`, `*` and `?` globs that stay inside their section,
// the documented trailing-`*` exceptions, the scheme-less form and `*` alone. Host compared case-insensitively.

export type RequestUrlParts = {
  readonly scheme: string;
  /** As the viewer sent it, port included. */
  readonly host: string;
  /** Wire form. */
  readonly rawPath: string;
  /** Wire form, signing parameters removed, no `?`. */
  readonly rawQuery: string;
};

export function matchPolicyResource(pattern: string, request: RequestUrlParts): boolean {
  if (pattern === '*') return true;
  let schemePattern = '*';
  let rest = pattern;
  const schemeEnd = pattern.indexOf('://');
  if (schemeEnd !== -1 && !pattern.slice(0, schemeEnd).includes('/')) {
    schemePattern = pattern.slice(0, schemeEnd);
    rest = pattern.slice(schemeEnd + 3);
  }
  if (!matchGlob(schemePattern.toLowerCase(), request.scheme.toLowerCase())) return false;
  const slash = rest.indexOf('/');
  const domainPattern = slash === -1 ? rest : rest.slice(0, slash);
  if (!matchGlob(domainPattern.toLowerCase(), request.host.toLowerCase())) return false;
  if (slash === -1) {
    // `http://example.com*` ≡ `http://example.com*/*\?*`; without the trailing `*` the path is `/` (AWS: "Create a signed URL using a custom policy").
    if (domainPattern.endsWith('*')) return true;
    return matchPathAndQuery('/', request);
  }
  return matchPathAndQuery(rest.slice(slash), request);
}

function matchPathAndQuery(pattern: string, request: RequestUrlParts): boolean {
  const escaped = pattern.indexOf('\\?');
  if (escaped !== -1) {
    // `\?` is the documented literal separator between the path and query sections.
    return (
      matchGlob(pattern.slice(0, escaped), request.rawPath) &&
      matchGlob(pattern.slice(escaped + 2), request.rawQuery)
    );
  }
  // Reading 1: the whole pattern is the path section; a trailing `*` also matches any query (AWS: "Create a signed URL using a custom policy").
  if (matchGlob(pattern, request.rawPath) && (request.rawQuery === '' || pattern.endsWith('*'))) return true;
  // Reading 2: an unescaped `?` as the separator, which is what SDK-signed URLs with a query contain
  // (docs/decisions/: the emulator treats the first literal `?` as the separator when there is no `\?`).
  const question = pattern.indexOf('?');
  if (question === -1) return false;
  return (
    matchGlob(pattern.slice(0, question), request.rawPath) &&
    matchGlob(pattern.slice(question + 1), request.rawQuery)
  );
}

/**
 * `*` = any run of characters, `?` = exactly one, everything else literal. Iterative with a single
 * backtrack point: no regular expressions built from policy text, no recursion.
 */
export function matchGlob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (starP !== -1) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
