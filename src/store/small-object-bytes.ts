// Whole small objects kept in memory by their data id. A data file never changes once renamed into place (a
// new version gets a new id), so a cached copy is never stale and needs no invalidation, even across the
// processes of `serve --workers`. It saves the open/read/close system calls of every small GET (about a
// tenth of a presigned 1 KiB GET's CPU in a profile, docs/benchmarks.md).

import { LRUCache } from 'lru-cache';

/** The largest object kept, the same bound as GetObject's one-read path. */
export const SMALL_OBJECT_MAX_BYTES = 64 * 1024;

export type SmallObjectBytes = {
  /** The object's bytes in `range`, from memory when its whole content is there, else read and kept. */
  readonly read: (
    dataId: string,
    size: number,
    range: { start: number; end: number },
    readFile: (range: { start: number; end: number }) => Buffer,
  ) => Buffer;
  readonly forget: (dataId: string) => void;
};

export function createSmallObjectBytes(maxTotalBytes = 8 * 1024 * 1024): SmallObjectBytes {
  const cache = new LRUCache<string, Buffer>({
    maxSize: maxTotalBytes,
    sizeCalculation: (bytes) => Math.max(1, bytes.length),
  });
  return {
    read(dataId, size, range, readFile) {
      if (size > SMALL_OBJECT_MAX_BYTES) return readFile(range);
      let whole = cache.get(dataId);
      if (whole === undefined) {
        whole = readFile({ start: 0, end: size - 1 });
        cache.set(dataId, whole);
      }
      return range.start === 0 && range.end === size - 1 ? whole : whole.subarray(range.start, range.end + 1);
    },
    forget: (dataId) => {
      cache.delete(dataId);
    },
  };
}
