// Invalidation path rules (AWS: "Invalidate files to remove content"): validation of what a caller sends, and the match of a
// path against a cache entry's wire path[?query] — exact, or prefix with a trailing `*`; case-sensitive.

export class InvalidationError extends Error {
  override readonly name = 'InvalidationError';
  readonly code: string;
  readonly httpStatus: number;
  constructor(code: string, message: string, httpStatus = 400) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

export const MAX_INVALIDATION_PATH_CHARS = 4000;

export function validateInvalidationPaths(paths: unknown): readonly string[] {
  if (!Array.isArray(paths) || paths.length === 0)
    throw new InvalidationError('MissingBody', 'At least one path is required.');
  if (paths.length > 3000)
    throw new InvalidationError('BatchTooLarge', 'Too many paths in one invalidation batch.', 413);
  for (const path of paths) {
    if (typeof path !== 'string' || !path.startsWith('/'))
      throw new InvalidationError(
        'InvalidArgument',
        `Invalidation path ${JSON.stringify(path)} must start with '/'.`,
      );
    if (path.length > MAX_INVALIDATION_PATH_CHARS)
      throw new InvalidationError(
        'InvalidArgument',
        `Invalidation path is longer than ${MAX_INVALIDATION_PATH_CHARS} characters.`,
      );
    const star = path.indexOf('*');
    if (star >= 0 && star !== path.length - 1)
      throw new InvalidationError(
        'InvalidArgument',
        `Invalidation path ${JSON.stringify(path)} may use '*' only as its last character.`,
      );
  }
  return paths as string[];
}

/** `entryPath` is the stored wire path plus the cache key's query (`/a.jpg?x=1`). */
export function invalidationPathMatches(path: string, entryPath: string): boolean {
  if (path.endsWith('*')) return entryPath.startsWith(path.slice(0, -1));
  return entryPath === path;
}
