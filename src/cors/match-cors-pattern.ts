// The wildcard match S3 uses for AllowedOrigin and AllowedHeader: literal text with `*` standing for any run
// of characters (possibly empty), anchored at both ends (AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)" `matchPattern`).

/**
 * True when `value` matches `pattern`. `*` alone matches everything; otherwise each `*` matches any run of
 * characters, including none and including dots and slashes. Validation allows one `*`; more are
 * matched the same way rather than refused, so a rule from anywhere evaluates predictably.
 */
export function matchCorsPattern(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, position);
    if (found < 0 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}
