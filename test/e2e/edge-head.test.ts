// HEAD requests through the edge: answered with the origin's headers and no body, and never fatal when the
// origin's (empty) body is discarded unread — a regression found by the browser tests (HEAD miss crashed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

test('HEAD misses are answered without a body and leave the edge serving', async (t) => {
  const origin = await startScriptedOrigin(() => ({
    headers: { 'content-type': 'text/plain', etag: '"v1"' },
    body: 'x'.repeat(50_000),
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1HEAD',
    config: distributionConfig({ aliases: [HOST] }),
    originUrls: { 'origin.example.com': origin.url, 'media.s3.us-east-1.amazonaws.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  for (const path of ['/one.txt', '/two.txt', '/one.txt']) {
    const head = await sendRaw(harness.url, path, {
      method: 'HEAD',
      headers: { host: HOST, origin: 'https://other.example.test' },
    });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.header('etag'), '"v1"');
  }
  // Give a stray 'error' event on a destroyed body the chance to surface before checking the edge still works.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const get = await sendRaw(harness.url, '/one.txt', { headers: { host: HOST } });
  assert.equal(get.status, 200);
  assert.equal(get.text.length, 50_000);
});
