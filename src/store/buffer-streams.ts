// Body ↔ Buffer for the memory store: reads a request body whole (with its MD5) and streams stored bytes
// back in bounded chunks, or as a stream that fails when the bytes are gone.

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const streamChunkBytes = 64 * 1024;

export async function readAll(body: Readable): Promise<{ bytes: Buffer; md5: Buffer }> {
  const hash = createHash('md5');
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    hash.update(buffer);
    chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks), md5: hash.digest() };
}

export function streamBytes(bytes: Buffer): Readable {
  return Readable.from(
    (function* chunks() {
      for (let at = 0; at < bytes.length; at += streamChunkBytes)
        yield bytes.subarray(at, at + streamChunkBytes);
    })(),
    { objectMode: false },
  );
}

export function failingStream(error: Error): Readable {
  return new Readable({
    read() {
      this.destroy(error);
    },
  });
}
