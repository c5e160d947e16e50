// The memory tier: an `lru-cache` bounded by a byte budget (`maxSize` + `sizeCalculation`), whole bodies
// as Buffers. Objects bigger than `maxObjectBytes` are refused by the writer (it aborts itself).

import { Readable } from 'node:stream';
import { LRUCache } from 'lru-cache';
import type { CachedObject, CachedObjectMeta, CacheStore, CacheWriter } from './cache-store.ts';

type Entry = { meta: CachedObjectMeta; body: Buffer };

export type MemoryCacheStoreOptions = { readonly maxBytes: number; readonly maxObjectBytes?: number };

export function createMemoryCacheStore(options: MemoryCacheStoreOptions): CacheStore {
  const maxObjectBytes = Math.min(options.maxObjectBytes ?? options.maxBytes, options.maxBytes);
  const lru = new LRUCache<string, Entry>({
    maxSize: options.maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.body.length + 512),
  });
  const toObject = (entry: Entry): CachedObject => ({
    meta: entry.meta,
    bytes: entry.body,
    open: (range) => Readable.from(range ? [entry.body.subarray(range.start, range.end + 1)] : [entry.body]),
  });
  return {
    get: (key) => {
      const entry = lru.get(key);
      return entry ? toObject(entry) : undefined;
    },
    createWriter: (meta): CacheWriter => {
      const chunks: Buffer[] = [];
      let size = 0;
      let state: 'open' | 'done' | 'refused' = 'open';
      return {
        write: async (chunk) => {
          if (state !== 'open') return;
          size += chunk.length;
          if (size > maxObjectBytes) {
            state = 'refused';
            chunks.length = 0;
            return;
          }
          chunks.push(chunk);
        },
        commit: async () => {
          if (state !== 'open') return;
          state = 'done';
          const body = Buffer.concat(chunks, size);
          lru.set(meta.key, { meta: { ...meta, sizeBytes: size }, body });
        },
        abort: () => {
          state = 'done';
          chunks.length = 0;
        },
      };
    },
    updateMeta: (meta) => {
      const entry = lru.get(meta.key);
      if (entry) lru.set(meta.key, { meta: { ...meta, sizeBytes: entry.body.length }, body: entry.body });
    },
    delete: (key) => {
      lru.delete(key);
    },
    entries: function* () {
      for (const entry of lru.values()) yield entry.meta;
    },
    close: async () => {
      lru.clear();
    },
  };
}
