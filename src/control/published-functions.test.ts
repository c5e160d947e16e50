import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishedFunctions } from './published-functions.ts';
import { openControlDatabase } from './state/control-database.ts';

const ARN = 'arn:aws:cloudfront::123456789012:function/rewrite';

function publish(db: ReturnType<typeof openControlDatabase>, code: string, etag: string): void {
  const FunctionConfig = { Comment: '', Runtime: 'cloudfront-js-2.0' };
  const FunctionCode = Buffer.from(code).toString('base64');
  db.putResource({
    kind: 'function',
    id: 'rewrite',
    etag: `D${etag}`,
    config: {
      FunctionConfig,
      FunctionCode,
      Live: { FunctionConfig, FunctionCode, ETag: etag, LastModifiedTime: '2026-12-05T00:00:00.000Z' },
    },
    createdTime: '2026-12-05T00:00:00.000Z',
    lastModifiedTime: '2026-12-05T00:00:00.000Z',
  });
}

test('the LIVE stage is served from memory until this process writes or a second passes', (t) => {
  const db = openControlDatabase(':memory:');
  t.after(() => db.close());
  let reads = 0;
  const counted = {
    ...db,
    getResource: (kind: string, id: string) => {
      reads++;
      return db.getResource(kind, id);
    },
  };
  let generation = 0;
  let now = 0;
  const published = publishedFunctions({
    db: counted,
    accountId: '123456789012',
    generation: () => generation,
    nowMs: () => now,
  });
  assert.equal(published.findFunction(ARN), undefined);
  publish(db, 'function handler(e) { return e.request; }', 'E1');
  generation++;
  const first = published.findFunction(ARN);
  assert.match(first?.compiled.code ?? '', /return e.request/);
  const readsAfterFirst = reads;
  assert.equal(published.findFunction(ARN), first);
  assert.equal(reads, readsAfterFirst);

  publish(db, 'function handler(e) { return e.request; } // v2', 'E2');
  generation++;
  assert.match(published.findFunction(ARN)?.compiled.code ?? '', /v2/);

  // Written by another process: seen once the remembered answer is a second old.
  publish(db, 'function handler(e) { return e.request; } // v3', 'E3');
  assert.match(published.findFunction(ARN)?.compiled.code ?? '', /v2/);
  now += 1000;
  assert.match(published.findFunction(ARN)?.compiled.code ?? '', /v3/);
});
