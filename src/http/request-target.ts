// Raw request-target handling: split path and query without URL normalisation (no `new URL()`),
// so S3 keys like `a/../b`, `a//b` or `%2F` survive exactly and signatures see the bytes the client sent.

export type RequestTarget = {
  /** The path exactly as sent (still percent-encoded), always starting with `/`. */
  readonly rawPath: string;
  /** Everything after the first `?`, without it; '' when absent. */
  readonly rawQuery: string;
};

/** Splits `origin-form` or `absolute-form` targets; `*` (OPTIONS *) becomes path `*`. */
export function splitRequestTarget(target: string): RequestTarget {
  let rest = target;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length) || '/';
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const rawPath = q >= 0 ? rest.slice(0, q) : rest;
  const rawQuery = q >= 0 ? rest.slice(q + 1) : '';
  return { rawPath: rawPath === '' ? '/' : rawPath, rawQuery };
}

/** Thrown for malformed percent-encoding or bytes that are not UTF-8. */
export class InvalidEncodingError extends Error {
  override readonly name = 'InvalidEncodingError';
}

/** Strict percent-decoding as UTF-8; `+` stays `+` (paths do not use form encoding). */
export function percentDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch (error) {
    throw new InvalidEncodingError(`invalid percent-encoding in ${JSON.stringify(value)}`, { cause: error });
  }
}

/**
 * Query parameters in order, names and values decoded; a bare `name` yields value ''.
 * `+` decodes to a space as in form encoding (S3 does the same for list parameters such as `prefix`).
 */
export function parseQuery(rawQuery: string): readonly (readonly [string, string])[] {
  if (rawQuery === '') return [];
  const out: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq >= 0 ? part.slice(0, eq) : part;
    const value = eq >= 0 ? part.slice(eq + 1) : '';
    out.push([percentDecode(name.replace(/\+/g, ' ')), percentDecode(value.replace(/\+/g, ' '))]);
  }
  return out;
}
