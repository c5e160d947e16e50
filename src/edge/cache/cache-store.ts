// The one interface both cache tiers implement (memory, disk): metadata lookups are synchronous (the index
// lives in memory), bodies are written as a stream through a writer that commits atomically or leaves nothing.

import type { Readable } from 'node:stream';

export type CachedObjectMeta = {
  readonly key: string;
  readonly distributionId: string;
  /** Wire path plus the cache key's query (`/a/b.jpg?x=1`): what invalidation paths are matched against (AWS: "Invalidate files to remove content"). */
  readonly invalidationPath: string;
  readonly status: number;
  /** Origin response headers as stored (hop-by-hop and, when cookies are not forwarded, Set-Cookie removed). */
  readonly headers: readonly (readonly [string, string])[];
  readonly sizeBytes: number;
  /** When the object was fetched or last revalidated (ms since epoch): `Age` counts from here. */
  readonly storedAtMs: number;
  readonly expiresAtMs: number;
  readonly etag?: string;
  readonly lastModified?: string;
  /** An origin error response cached for ErrorCachingMinTTL (AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin"). */
  readonly isError: boolean;
  /** Origin sent `stale-if-error=0`: never serve this object stale on a 5xx (AWS: "Manage how long content stays in the cache (expiration)"). */
  readonly noStaleIfError: boolean;
  /**
   * ETag of the distribution config in force when the object was fetched (kept across revalidations):
   * tells an entry cached before a config change from one cached under the current config (doctor).
   */
  readonly configEtag?: string;
};

export type CachedObject = {
  readonly meta: CachedObjectMeta;
  /** Opens the body, or the inclusive byte range `[start, end]` of it. */
  readonly open: (range?: { readonly start: number; readonly end: number }) => Readable;
  /** The whole body when the entry lives in memory: `send` writes it with the headers, no stream. */
  readonly bytes?: Buffer;
};

export type CacheWriter = {
  readonly write: (chunk: Buffer) => Promise<void>;
  /** Makes the entry visible with its final size; resolves when it is readable. */
  readonly commit: () => Promise<void>;
  /** Drops everything written so far; the store stays as if `createWriter` had never been called. */
  readonly abort: () => void;
};

export type CacheStore = {
  readonly get: (key: string) => CachedObject | undefined;
  /** `meta.sizeBytes` is ignored: the store counts the bytes it is given. */
  readonly createWriter: (meta: CachedObjectMeta) => CacheWriter;
  /** Replaces the metadata of an existing entry (a 304 revalidation, a stale-on-error extension). */
  readonly updateMeta: (meta: CachedObjectMeta) => void;
  readonly delete: (key: string) => void;
  readonly entries: () => Iterable<CachedObjectMeta>;
  readonly close: () => Promise<void>;
};
