// Memory in front of disk behind the same CacheStore interface: objects whose expected size
// (`meta.sizeBytes`, -1 when unknown) fits `memoryObjectMaxBytes` go to memory, the rest to disk.
// A key lives in one tier only: committing to one tier drops the other tier's copy.

import type { CacheStore } from './cache-store.ts';

export function createTieredCacheStore(
  memory: CacheStore,
  disk: CacheStore,
  options: { readonly memoryObjectMaxBytes: number },
): CacheStore {
  return {
    get: (key) => memory.get(key) ?? disk.get(key),
    createWriter: (meta) => {
      const toMemory = meta.sizeBytes >= 0 && meta.sizeBytes <= options.memoryObjectMaxBytes;
      const [tier, other] = toMemory ? [memory, disk] : [disk, memory];
      const writer = tier.createWriter(meta);
      return {
        write: writer.write,
        abort: writer.abort,
        commit: async () => {
          await writer.commit();
          other.delete(meta.key);
        },
      };
    },
    updateMeta: (meta) => {
      if (memory.get(meta.key)) memory.updateMeta(meta);
      else disk.updateMeta(meta);
    },
    delete: (key) => {
      memory.delete(key);
      disk.delete(key);
    },
    entries: function* () {
      yield* memory.entries();
      yield* disk.entries();
    },
    close: async () => {
      await memory.close();
      await disk.close();
    },
  };
}
