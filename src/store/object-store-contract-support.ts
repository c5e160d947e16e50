// Helpers the ObjectStore contract suites share: bodies as streams, expected ETags, a fresh bucket per test,
// listing everything page by page, and the hostile keys every store must keep byte for byte.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import type { ObjectStore, StoreErrorCode } from './object-store.ts';
import { StoreError } from './object-store.ts';

/** Builds the store under test; it registers its own cleanup on `t`. */
export type CreateStore = (t: TestContext) => Promise<ObjectStore>;

export const mib = 1024 * 1024;
export const plain = { userMetadata: {} };

export function body(content: string | Buffer): Readable {
  return Readable.from([typeof content === 'string' ? Buffer.from(content) : content]);
}

export async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function md5Etag(bytes: Buffer | string): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

export function multipartEtag(parts: readonly Buffer[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(createHash('md5').update(part).digest());
  return `"${hash.digest('hex')}-${parts.length}"`;
}

export function storeError(code: StoreErrorCode) {
  return (error: unknown) => error instanceof StoreError && error.code === code;
}

export async function withBucket(
  t: TestContext,
  create: CreateStore,
  name = `b-${randomBytes(4).toString('hex')}`,
) {
  const store = await create(t);
  await store.createBucket(name, { region: 'us-east-1', acl: 'private' });
  return { store, bucket: name };
}

export async function readObject(store: ObjectStore, bucket: string, key: string): Promise<Buffer> {
  const object = await store.headObject(bucket, key);
  assert.ok(object, `object ${key} exists`);
  return readStream(store.openObject(object));
}

/** Every key (and common prefix) a listing yields, page after page, following `lastReturned`. */
export async function listAll(
  store: ObjectStore,
  bucket: string,
  options: { prefix?: string; delimiter?: string; maxKeys: number },
) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await store.listObjects(bucket, { ...options, ...(after !== undefined ? { after } : {}) });
    assert.ok(result.objects.length + result.commonPrefixes.length <= options.maxKeys, 'page within maxKeys');
    keys.push(...result.objects.map((o) => o.key));
    prefixes.push(...result.commonPrefixes);
    if (!result.isTruncated) return { keys, prefixes };
    assert.ok(result.lastReturned !== undefined, 'a truncated page names its last entry');
    after = result.lastReturned;
  }
  throw new Error('listing did not terminate');
}

/** The listing S3 defines, computed the slow obvious way: sort by UTF-8 bytes, filter, roll up. */
export function expectedListing(allKeys: readonly string[], prefix: string, delimiter: string | undefined) {
  const sorted = [...allKeys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const keys: string[] = [];
  const prefixes: string[] = [];
  for (const key of sorted) {
    if (!key.startsWith(prefix)) continue;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (at < 0) keys.push(key);
    else {
      const common = key.slice(0, at + delimiter!.length);
      if (prefixes.at(-1) !== common) prefixes.push(common);
    }
  }
  return { keys, prefixes };
}

export const hostileKeys = [
  '../../etc/passwd',
  '../',
  'a//b',
  '/leading-slash',
  'trailing/',
  '%2F',
  '%2e%2e%2f',
  'ünïcødé/ключ/キー/🙂',
  'with space and +plus',
  'back\\slash',
  '.',
  '..',
  'x'.repeat(1024),
  'é'.repeat(512),
  'control\u0001chars\u007f',
  'tab\tnew\nline',
];
