// Step: the origin body as the viewer's stream, written into the cache entry on the way (the tee lives in
// the iterator). The fill lands only when the whole body arrived, stayed within the cacheable size and no
// invalidation covering it was created since the request left (spec cloudfront.md §3.2, §8.1).

import type { Readable } from 'node:stream';
import type { CacheWriter } from '../../cache/cache-store.ts';
import type { BodySource } from '../../edge-response.ts';

export type CacheFill = {
  /** Absent when nothing is stored: the body is only streamed. */
  readonly writer: CacheWriter | undefined;
  readonly maxBytes: number;
  /** Asked once the body is complete: true → an invalidation overtook the fetch, the entry is dropped. */
  readonly invalidatedSinceFetch: () => boolean;
  /** Settles the request's claim on the cache key. */
  readonly release: () => void;
};

export function teeIntoCache(
  origin: Readable,
  source: AsyncIterable<Buffer>,
  expectedSize: number | undefined,
  fill: CacheFill,
): Extract<BodySource, { kind: 'stream' }> {
  let writer = fill.writer;
  const { release, maxBytes } = fill;
  async function* tee(): AsyncGenerator<Buffer> {
    let complete = false;
    let written = 0;
    try {
      for await (const chunk of source) {
        if (writer) {
          written += chunk.length;
          if (written > maxBytes) {
            writer.abort();
            writer = undefined;
          } else await writer.write(chunk);
        }
        yield chunk;
      }
      complete = true;
    } finally {
      if (writer) {
        if (complete && !fill.invalidatedSinceFetch()) await writer.commit();
        else writer.abort();
      }
      release();
    }
  }
  const chunks = tee();
  return {
    kind: 'stream',
    sizeBytes: expectedSize,
    chunks,
    discard: async () => {
      if (writer) {
        // The viewer does not want the bytes (HEAD, 304, abort): fill the cache anyway when we can.
        try {
          for await (const _ of chunks) {
          }
        } catch {}
      } else {
        await chunks.return(undefined);
        // Destroying an unread body emits an AbortError; without a listener it would crash the process.
        origin.on('error', () => {});
        origin.destroy();
        release();
      }
    },
  };
}
