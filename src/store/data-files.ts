// The file store's byte files: durable writes (temp file → fsync → rename → fsync directory), reads of
// exact versions, and the start-up scan for orphans. Paths come only from random data ids, never from keys.

import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { VerifiedBytes, WrittenBytes, WriteOptions } from './object-store.ts';
import { StoreError } from './object-store.ts';

/** Data ids name files, so they are restricted to a safe alphabet (no separators, no dots). */
const dataIdPattern = /^[A-Za-z0-9_-]{8,128}$/;

export type WrittenData = WrittenBytes & { readonly dataId: string; readonly verified?: VerifiedBytes };

export type DataFiles = {
  /** Streams `body` to a new durable data file; `verify` runs once the bytes are fsynced, before the rename. */
  write(body: Readable, verify?: WriteOptions['verify']): Promise<WrittenData>;
  /** Opens synchronously so the bytes survive a later unlink (POSIX keeps an open file alive). */
  open(dataId: string, range?: { start: number; end: number }): Readable;
  /** The inclusive range of an exact version in one synchronous open/read/close (small bodies only). */
  readSync(dataId: string, range: { start: number; end: number }): Buffer;
  /** Removes a data file now; a missing file is not an error. */
  removeSync(dataId: string): void;
  remove(dataId: string): Promise<void>;
  /** Every data id on disk (for the orphan scan). */
  listDataIds(): Promise<string[]>;
  /** Deletes every temp file: at start-up nothing can still be writing one. */
  clearTemp(): Promise<void>;
};

export function checkDataId(dataId: string): string {
  if (!dataIdPattern.test(dataId)) throw new RangeError(`not a data id: ${JSON.stringify(dataId)}`);
  return dataId;
}

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function unlinkQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export async function createDataFiles(dataDir: string, randomId: () => string): Promise<DataFiles> {
  const tempDir = join(dataDir, 'tmp');
  const filesDir = join(dataDir, 'data');
  await mkdir(tempDir, { recursive: true });
  await mkdir(filesDir, { recursive: true });
  await fsyncDirectory(dataDir);

  // Two-character fan-out keeps directories small in large stores.
  const directoryOf = (dataId: string) => join(filesDir, dataId.slice(0, 2));
  const pathOf = (dataId: string) => join(directoryOf(checkDataId(dataId)), dataId);

  async function ensureDirectory(dataId: string): Promise<string> {
    const directory = directoryOf(dataId);
    const created = await mkdir(directory, { recursive: true });
    if (created !== undefined) await fsyncDirectory(filesDir);
    return directory;
  }

  return {
    async write(body, verify) {
      const dataId = checkDataId(randomId());
      const tempPath = join(tempDir, dataId);
      const hash = createHash('md5');
      let size = 0;
      try {
        // `flush: true` fsyncs the file before it is closed.
        await pipeline(
          body,
          async function* measure(source: AsyncIterable<Buffer | string>) {
            for await (const chunk of source) {
              const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
              hash.update(bytes);
              size += bytes.length;
              yield bytes;
            }
          },
          createWriteStream(tempPath, { flags: 'wx', mode: 0o600, flush: true }),
        );
        const written = { size, md5: hash.digest() };
        const verified = (await verify?.(written)) ?? undefined;
        const directory = await ensureDirectory(dataId);
        await rename(tempPath, join(directory, dataId));
        await fsyncDirectory(directory);
        return { ...written, dataId, ...(verified ? { verified } : {}) };
      } catch (error) {
        await unlinkQuietly(tempPath);
        throw error;
      }
    },

    open(dataId, range) {
      let fd: number;
      try {
        fd = openSync(pathOf(dataId), 'r');
      } catch (error) {
        const failure = isNotFound(error)
          ? new StoreError('NoSuchKey', 'that version of the object no longer exists', { cause: error })
          : (error as Error);
        return new Readable({
          read() {
            this.destroy(failure);
          },
        });
      }
      return createReadStream('', {
        fd,
        autoClose: true,
        ...(range ? { start: range.start, end: range.end } : {}),
      });
    },

    readSync(dataId, range) {
      const length = range.end - range.start + 1;
      if (length <= 0) return Buffer.alloc(0);
      let fd: number;
      try {
        fd = openSync(pathOf(dataId), 'r');
      } catch (error) {
        if (isNotFound(error))
          throw new StoreError('NoSuchKey', 'that version of the object no longer exists', { cause: error });
        throw error;
      }
      try {
        // Data files are immutable once renamed into place: a short read means a truncated file, not a race.
        const bytes = Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const n = readSync(fd, bytes, filled, length - filled, range.start + filled);
          if (n === 0) throw new Error(`data file ${dataId} is shorter than its metadata says`);
          filled += n;
        }
        return bytes;
      } finally {
        closeSync(fd);
      }
    },

    removeSync(dataId) {
      try {
        unlinkSync(pathOf(dataId));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },

    async remove(dataId) {
      await unlinkQuietly(pathOf(dataId));
    },

    async listDataIds() {
      const ids: string[] = [];
      for (const fanOut of await readdir(filesDir, { withFileTypes: true })) {
        const directory = join(filesDir, fanOut.name);
        if (!fanOut.isDirectory()) {
          await rm(directory, { force: true });
          continue;
        }
        for (const name of await readdir(directory)) {
          if (dataIdPattern.test(name) && name.startsWith(fanOut.name)) ids.push(name);
          else await rm(join(directory, name), { recursive: true, force: true });
        }
      }
      return ids;
    },

    async clearTemp() {
      for (const name of await readdir(tempDir))
        await rm(join(tempDir, name), { recursive: true, force: true });
    },
  };
}
