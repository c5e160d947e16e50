// Pure decider for conditional writes (If-None-Match / If-Match on PutObject, AWS: "Amazon S3 API Reference" "PutObject").
// Both stores call it inside their commit step, against the object the commit would replace.

import type { StoredObject, WriteOptions } from './object-store.ts';
import { StoreError } from './object-store.ts';
import { etagsEqual } from './store-key.ts';

function matchesAny(header: string, current: StoredObject): boolean {
  return header
    .split(',')
    .map((item) => item.trim())
    .some((item) => item === '*' || etagsEqual(item, current.etag));
}

/** Throws PreconditionFailed (or NoSuchKey for If-Match on a missing key, as AWS answers 404 there). */
export function checkWriteConditions(
  current: StoredObject | undefined,
  options: WriteOptions | undefined,
): void {
  if (options?.ifMatch !== undefined) {
    if (current === undefined) throw new StoreError('NoSuchKey', 'If-Match on a key that does not exist');
    if (!matchesAny(options.ifMatch, current))
      throw new StoreError('PreconditionFailed', 'If-Match did not match');
  }
  if (
    options?.ifNoneMatch !== undefined &&
    current !== undefined &&
    matchesAny(options.ifNoneMatch, current)
  ) {
    throw new StoreError('PreconditionFailed', 'If-None-Match matched an existing object');
  }
}
