// Applies the headers a response headers policy decided (CORS, security, custom) to a viewer response,
// honouring each header's origin-override flag; also the policy's remove-headers step. Generic: the edge's
// response-headers stage uses it for every kind of policy header (AWS: "Add or remove HTTP headers in CloudFront responses with a policy").

/** A header a policy adds. `merge` (used for `Vary`) adds missing comma-separated tokens to the origin's value. */
export type ResponsePolicyHeader = {
  readonly name: string;
  readonly value: string;
  readonly override: boolean;
  readonly merge?: boolean;
};

export type HeaderPair = readonly [name: string, value: string];

/**
 * A new header list: for each policy header (names compared case-insensitively), `override: true` replaces the
 * response's value (first occurrence keeps its position, later ones are dropped), `override: false` keeps the
 * response's value when present, and a header the response lacks is appended in both cases.
 */
export function applyPolicyHeaders(
  responseHeaders: readonly HeaderPair[],
  policyHeaders: readonly ResponsePolicyHeader[],
): [name: string, value: string][] {
  let result: [string, string][] = responseHeaders.map(([name, value]) => [name, value]);
  for (const header of policyHeaders) {
    const key = header.name.toLowerCase();
    const first = result.findIndex(([name]) => name.toLowerCase() === key);
    if (first < 0) {
      result.push([header.name, header.value]);
    } else if (header.merge) {
      result = mergeTokens(result, key, first, header.value);
    } else if (header.override) {
      result[first] = [header.name, header.value];
      result = result.filter(([name], index) => index <= first || name.toLowerCase() !== key);
    }
  }
  return result;
}

/** The response without the named headers (case-insensitive): a policy's remove-headers list, applied first. */
export function removePolicyHeaders(
  responseHeaders: readonly HeaderPair[],
  names: readonly string[],
): [name: string, value: string][] {
  const remove = new Set(names.map((name) => name.toLowerCase()));
  return responseHeaders
    .filter(([name]) => !remove.has(name.toLowerCase()))
    .map(([name, value]) => [name, value]);
}

function mergeTokens(
  headers: [string, string][],
  key: string,
  first: number,
  value: string,
): [string, string][] {
  const present = new Set<string>();
  for (const [name, existing] of headers) {
    if (name.toLowerCase() !== key) continue;
    for (const token of splitTokens(existing)) present.add(token.toLowerCase());
  }
  // `Vary: *` already covers everything.
  if (present.has('*')) return headers;
  const missing = splitTokens(value).filter((token) => !present.has(token.toLowerCase()));
  if (missing.length === 0) return headers;
  const [name, existing] = headers[first];
  const copy = [...headers];
  copy[first] = [name, existing.trim() === '' ? missing.join(', ') : `${existing}, ${missing.join(', ')}`];
  return copy;
}

function splitTokens(value: string): string[] {
  return value
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
}
