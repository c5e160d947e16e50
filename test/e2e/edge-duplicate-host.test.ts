// An HTTP/1.1 request with two Host fields (RFC 9112 §3.2: the server must answer 400). CloudFront's exact
// answer is unknown; Frontgate answers its HTML error page with `Bad request.`
// (docs/decisions/edge-runtime-duplicate-host.md). Raw sockets, since no HTTP client sends two Hosts.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { renderCloudFrontErrorPage } from '../../src/edge/responses/cloudfront-error-page.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'dup.example.test';

/** Sends `request` as written and reads one response (head and Content-Length bytes of body). */
function exchange(baseUrl: string, request: string): Promise<{ head: string; body: Buffer }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) return;
      const head = all.subarray(0, split).toString('latin1');
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (all.length - split - 4 < length) return;
      socket.destroy();
      resolve({ head, body: all.subarray(split + 4, split + 4 + length) });
    });
    socket.on('error', reject);
  });
}

async function setup(t: import('node:test').TestContext) {
  let originRequests = 0;
  const origin = await startScriptedOrigin(() => {
    originRequests++;
    return { headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' }, body: 'origin-body' };
  });
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1DUPHOST',
    config: distributionConfig({ aliases: [HOST] }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  return { url: harness.url, originRequests: () => originRequests };
}

test('two Host fields get 400 with the CloudFront error page, and the origin is not asked', async (t) => {
  const { url, originRequests } = await setup(t);
  for (const [first, second] of [
    [HOST, HOST],
    [HOST, 'other.example.test'],
    ['other.example.test', HOST],
  ]) {
    const res = await exchange(url, `GET /a HTTP/1.1\r\nHost: ${first}\r\nhost: ${second}\r\n\r\n`);
    assert.match(res.head, /^HTTP\/1\.1 400 Bad Request\r\n/, `${first} + ${second}`);
    assert.match(res.head, /\r\nX-Cache: Error from cloudfront\r\n/);
    const id = /\r\nX-Amz-Cf-Id: (\S+)/.exec(res.head)?.[1] ?? '';
    assert.match(id, /^[A-Za-z0-9_-]{54}==$/);
    assert.deepEqual(res.body, renderCloudFrontErrorPage(400, 'Bad request.', id));
    assert.match(res.head, /\r\nContent-Type: text\/html\r\n/);
  }
  assert.equal(originRequests(), 0);
});

test('one Host field is served as before', async (t) => {
  const { url, originRequests } = await setup(t);
  const res = await exchange(url, `GET /a HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
  assert.match(res.head, /^HTTP\/1\.1 200 OK\r\n/);
  assert.equal(res.body.toString(), 'origin-body');
  assert.equal(originRequests(), 1);
});
