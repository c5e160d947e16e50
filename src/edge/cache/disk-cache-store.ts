// The disk tier under `dataDir/edge-cache/`: one body file and one `.meta.json` per entry, an in-memory
// index (an `lru-cache` with a byte budget whose eviction unlinks files), rebuilt from the meta files at
// start so the cache survives a restart. Bodies are written to a temp file and renamed on commit.

import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LRUCache } from 'lru-cache';
import type { CachedObjectMeta, CacheStore, CacheWriter } from './cache-store.ts';

type DiskEntry = { meta: CachedObjectMeta; bodyFile: string };

export type DiskCacheStoreOptions = {
  readonly dir: string;
  readonly maxBytes: number;
  readonly maxObjectBytes?: number;
};

function fileStem(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40);
}

export function createDiskCacheStore(options: DiskCacheStoreOptions): CacheStore {
  const dir = options.dir;
  mkdirSync(dir, { recursive: true });
  const maxObjectBytes = Math.min(options.maxObjectBytes ?? options.maxBytes, options.maxBytes);
  const removeFiles = (entry: DiskEntry): void => {
    rmSync(join(dir, entry.bodyFile), { force: true });
    rmSync(join(dir, `${entry.bodyFile}.meta.json`), { force: true });
  };
  // Body files an `updateMeta` is re-indexing: the dispose hook must not delete them.
  const retained = new Set<string>();
  const index = new LRUCache<string, DiskEntry>({
    maxSize: options.maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.meta.sizeBytes + 512),
    dispose: (entry) => {
      if (!retained.has(entry.bodyFile)) removeFiles(entry);
    },
  });
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
    else if (name.endsWith('.meta.json')) {
      try {
        const entry = JSON.parse(readFileSync(join(dir, name), 'utf8')) as DiskEntry;
        index.set(entry.meta.key, entry);
      } catch {
        rmSync(join(dir, name), { force: true });
      }
    }
  }
  const writeMeta = (entry: DiskEntry): void => {
    const tmp = join(dir, `${entry.bodyFile}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, join(dir, `${entry.bodyFile}.meta.json`));
  };
  return {
    get: (key) => {
      const entry = index.get(key);
      if (!entry) return undefined;
      return {
        meta: entry.meta,
        open: (range) => {
          // Opened synchronously so an eviction right after `get` cannot pull the file away from the reader.
          if (entry.meta.sizeBytes === 0 || (range && range.end < range.start)) return Readable.from([]);
          const fd = openSync(join(dir, entry.bodyFile), 'r');
          return createReadStream('', {
            fd,
            start: range?.start ?? 0,
            end: range?.end ?? entry.meta.sizeBytes - 1,
          });
        },
      };
    },
    createWriter: (meta): CacheWriter => {
      const bodyFile = `${fileStem(meta.key)}-${randomBytes(6).toString('hex')}`;
      const tmpPath = join(dir, `${bodyFile}.tmp`);
      let handle: Promise<FileHandle> | undefined;
      let size = 0;
      let state: 'open' | 'done' | 'refused' = 'open';
      const discard = (): void => {
        const h = handle;
        handle = undefined;
        if (h)
          void h
            .then((fh) => fh.close())
            .catch(() => {})
            .finally(() => rmSync(tmpPath, { force: true }));
      };
      return {
        write: async (chunk) => {
          if (state !== 'open') return;
          size += chunk.length;
          if (size > maxObjectBytes) {
            state = 'refused';
            discard();
            return;
          }
          handle ??= openFile(tmpPath, 'w');
          const fh = await handle;
          await fh.write(chunk);
        },
        commit: async () => {
          if (state !== 'open') return;
          state = 'done';
          handle ??= openFile(tmpPath, 'w');
          const fh = await handle;
          await fh.close();
          renameSync(tmpPath, join(dir, bodyFile));
          const entry: DiskEntry = { meta: { ...meta, sizeBytes: size }, bodyFile };
          writeMeta(entry);
          index.set(meta.key, entry);
        },
        abort: () => {
          if (state === 'done') return;
          state = 'done';
          discard();
        },
      };
    },
    updateMeta: (meta) => {
      const entry = index.get(meta.key);
      if (!entry) return;
      const next: DiskEntry = {
        meta: { ...meta, sizeBytes: entry.meta.sizeBytes },
        bodyFile: entry.bodyFile,
      };
      writeMeta(next);
      // Swap the index entry without the dispose hook removing the (shared) body file.
      retained.add(entry.bodyFile);
      try {
        index.set(meta.key, next);
      } finally {
        retained.delete(entry.bodyFile);
      }
    },
    delete: (key) => {
      index.delete(key);
    },
    entries: function* () {
      for (const entry of index.values()) yield entry.meta;
    },
    close: async () => {},
  };
}
