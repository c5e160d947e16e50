// Cache-behavior path patterns (AWS: "Cache behavior settings"): validation and a precompiled matcher. `*` matches
// any run of characters including `/`, `?` exactly one; the whole raw path must match; case-sensitive.
// The matcher splits the pattern at `*` and places the pieces greedily left to right, which is exact for
// globs and linear-time per piece — no regex, so no catastrophic backtracking.

/** Characters the API accepts in a PathPattern (AWS: "Cache behavior settings"), plus the `?` wildcard. */
const PATH_PATTERN_CHARS = /^[A-Za-z0-9_\-.*$/~"'@:+&?]+$/;
export const MAX_PATH_PATTERN_LENGTH = 255;

/** Why the API would refuse the pattern, or undefined when it is valid. */
export function checkPathPattern(pattern: string): string | undefined {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) return `is longer than ${MAX_PATH_PATTERN_LENGTH} characters`;
  if (!PATH_PATTERN_CHARS.test(pattern))
    return `"${pattern}" contains a character outside A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & ?`;
  return undefined;
}

/** A matcher for `pattern`; the leading `/` of the pattern is optional (`images/*` ≡ `/images/*`). */
export function compilePathPattern(pattern: string): (rawPath: string) => boolean {
  const normalized = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const pieces = normalized.split('*');
  if (pieces.length === 1)
    return (path) => path.length === normalized.length && matchesAt(path, 0, normalized);
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((piece) => piece.length > 0);
  const minLength = first.length + last.length + middle.reduce((sum, piece) => sum + piece.length, 0);
  return (path) => {
    if (path.length < minLength) return false;
    if (!matchesAt(path, 0, first)) return false;
    const end = path.length - last.length;
    if (!matchesAt(path, end, last)) return false;
    let position = first.length;
    for (const piece of middle) {
      const found = indexOfPiece(path, piece, position, end);
      if (found < 0) return false;
      position = found + piece.length;
    }
    return true;
  };
}

/** Does `piece` (literal characters and `?`) match `path` starting at `offset`? */
function matchesAt(path: string, offset: number, piece: string): boolean {
  if (offset < 0 || offset + piece.length > path.length) return false;
  for (let index = 0; index < piece.length; index++) {
    const expected = piece.charCodeAt(index);
    if (expected !== 63 /* ? */ && expected !== path.charCodeAt(offset + index)) return false;
  }
  return true;
}

/** First position ≥ from where `piece` matches and ends at or before `limit`, or -1. */
function indexOfPiece(path: string, piece: string, from: number, limit: number): number {
  if (!piece.includes('?')) {
    const found = path.indexOf(piece, from);
    return found >= 0 && found + piece.length <= limit ? found : -1;
  }
  for (let start = from; start + piece.length <= limit; start++)
    if (matchesAt(path, start, piece)) return start;
  return -1;
}
