// Large objects: a 20 MiB body streams to the first viewer while it is written to the disk tier, later
// viewers read it from disk; an aborted viewer leaves no partial entry; objects above the cacheable maximum
// are streamed but not cached (AWS: "Cache behavior settings", "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)").

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'big.example.test';
const SIZE = 20 * 1024 * 1024;
const CHUNK = 64 * 1024;

function patternChunk(index: number): Buffer {
  const chunk = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i += 4) chunk.writeUInt32BE((index * CHUNK + i) >>> 0, i);
  return chunk;
}

function bigBody(): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < SIZE / CHUNK; i++) yield patternChunk(i);
    })(),
  );
}

const expectedSha = (() => {
  const hash = createHash('sha256');
  for (let i = 0; i < SIZE / CHUNK; i++) hash.update(patternChunk(i));
  return hash.digest('hex');
})();

async function setup(t: import('node:test').TestContext, cache: Record<string, number> = {}) {
  const origin = await startScriptedOrigin(() => ({
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(SIZE) },
    body: bigBody,
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1BIG',
    config: distributionConfig({ aliases: [HOST] }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution], {
    disk: true,
    cache: { memoryObjectMaxBytes: 1024 * 1024, ...cache },
  });
  return { origin, harness };
}

function download(
  url: string,
  path: string,
  abortAfterBytes?: number,
): Promise<{ sha: string; bytes: number; xCache: string | undefined; aborted: boolean }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, headers: { host: HOST }, agent: false },
      (res) => {
        const hash = createHash('sha256');
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
          if (abortAfterBytes !== undefined && bytes >= abortAfterBytes) {
            req.destroy();
            resolve({ sha: '', bytes, xCache: res.headers['x-cache'] as string, aborted: true });
          }
        });
        res.on('end', () =>
          resolve({
            sha: hash.digest('hex'),
            bytes,
            xCache: res.headers['x-cache'] as string,
            aborted: false,
          }),
        );
        res.on('error', () => {});
      },
    );
    req.on('error', (error) => (abortAfterBytes === undefined ? reject(error) : undefined));
    req.end();
  });
}

async function settle(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

test('a 20 MiB object streams to the first viewer while it is stored on disk; the second viewer reads it from disk', async (t) => {
  const { origin, harness } = await setup(t);
  const first = await download(harness.url, '/movie.bin');
  assert.equal(first.xCache, 'Miss from cloudfront');
  assert.equal(first.bytes, SIZE);
  assert.equal(first.sha, expectedSha);
  await settle(() => [...harness.edge.cache.entries()].length === 1);
  const second = await download(harness.url, '/movie.bin');
  assert.equal(second.xCache, 'Hit from cloudfront');
  assert.equal(second.sha, expectedSha);
  assert.equal(origin.count(), 1);
  const [meta] = [...harness.edge.cache.entries()];
  assert.equal(meta.sizeBytes, SIZE);
});

test('a viewer that goes away mid-body leaves no partial cache entry', async (t) => {
  const { harness } = await setup(t);
  const aborted = await download(harness.url, '/abort.bin', 2 * 1024 * 1024);
  assert.ok(aborted.aborted);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual([...harness.edge.cache.entries()], []);
  const again = await download(harness.url, '/abort.bin');
  assert.equal(again.xCache, 'Miss from cloudfront');
  assert.equal(again.sha, expectedSha);
});

test('objects larger than the cacheable maximum are streamed whole but not cached', async (t) => {
  const { origin, harness } = await setup(t, { maxCacheableObjectBytes: 10 * 1024 * 1024 });
  const first = await download(harness.url, '/huge.bin');
  assert.equal(first.sha, expectedSha);
  const second = await download(harness.url, '/huge.bin');
  assert.equal(second.xCache, 'Miss from cloudfront');
  assert.equal(origin.count(), 2);
});
