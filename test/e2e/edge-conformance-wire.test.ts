// Conformance: what CloudFront puts on the wire (AWS: "Serve private content with signed URLs and signed cookies", "Cache behavior settings", "Troubleshoot error response status codes in CloudFront", "Request and response behavior for Amazon S3 origins"): its own
// error pages byte for byte with header order, the redirect page, request limits (URL 8,192 bytes, request
// 20,480 bytes → 413), header order on proxied responses, and the origin-facing X-Forwarded-For.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { renderCloudFrontErrorPage } from '../../src/edge/responses/cloudfront-error-page.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'wire.example.test';

async function setup(
  t: import('node:test').TestContext,
  overrides: Parameters<typeof distributionConfig>[0] = {},
) {
  const origin = await startScriptedOrigin(() => ({
    headers: { 'content-type': 'text/plain', etag: '"o"', server: 'AmazonS3', 'cache-control': 'max-age=60' },
    body: 'origin-body',
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1WIRE',
    config: distributionConfig({ aliases: [HOST], ...overrides }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const send = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
    sendRaw(harness.url, target, { method, headers: { host: HOST, ...headers } });
  return { origin, harness, send };
}

/** Writes raw bytes and reads until the server closes or `untilBytes` of body arrived. */
function rawExchange(
  baseUrl: string,
  request: string | Buffer,
): Promise<{ head: string; body: Buffer; closed: boolean }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      socket.destroy();
      resolve({
        head: split < 0 ? all.toString('latin1') : all.subarray(0, split).toString('latin1'),
        body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4),
        closed,
      });
    };
    socket.on('data', (c) => {
      chunks.push(c);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) return;
      const length = /\r\ncontent-length: (\d+)/i.exec(all.subarray(0, split).toString('latin1'));
      if (length && all.length - split - 4 >= Number(length[1])) setTimeout(() => finish(false), 30);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => (settled ? undefined : reject(e)));
  });
}

const names = (rawHeaders: readonly (readonly [string, string])[]) => rawHeaders.map(([n]) => n);

test('the method-not-allowed 403 page is byte exact, with CloudFront header order and Content-Length', async (t) => {
  const { send } = await setup(t);
  const res = await send('/a', {}, 'DELETE');
  assert.equal(res.status, 403);
  const id = res.header('x-amz-cf-id') ?? '';
  assert.match(id, /^[A-Za-z0-9_-]{54}==$/);
  const expected = renderCloudFrontErrorPage(
    403,
    'This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.',
    id,
  );
  assert.deepEqual(res.body, expected);
  assert.match(res.text, /^<!DOCTYPE HTML PUBLIC/);
  assert.match(res.text, /<H1>403 ERROR<\/H1>\n/);
  assert.match(res.text, new RegExp(`Request ID: ${id.replace(/[-]/g, '\\-')}\n</PRE>`));
  assert.equal(res.header('content-length'), String(expected.length));
  assert.deepEqual(names(res.rawHeaders), [
    'Server',
    'Date',
    'Content-Type',
    'Content-Length',
    'Connection',
    'X-Cache',
    'Via',
    'X-Amz-Cf-Pop',
    'X-Amz-Cf-Id',
  ]);
  assert.equal(res.header('content-type'), 'text/html');
  // sendRaw's client (agent: false) asks for Connection: close, which the edge honours.
  assert.equal(res.header('connection'), 'close');
});

test('the WAF-style template length matches the 919-byte capture for the same reason line and a 56-char id', () => {
  assert.equal(renderCloudFrontErrorPage(403, 'Request blocked.', 'A'.repeat(54) + '==').length, 919);
});

test('the viewer protocol redirect is the 167-byte CRLF page with Location and Redirect from cloudfront', async (t) => {
  const { send } = await setup(t, { defaultBehavior: { ViewerProtocolPolicy: 'redirect-to-https' } });
  const res = await send('/path/x.js?q=1');
  assert.equal(res.status, 301);
  assert.equal(res.header('location'), `https://${HOST}/path/x.js?q=1`);
  assert.equal(res.body.length, 167);
  assert.equal(
    res.text,
    '<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>CloudFront</center>\r\n</body>\r\n</html>\r\n',
  );
  assert.equal(res.header('x-cache'), 'Redirect from cloudfront');
  assert.equal(res.header('server'), 'CloudFront');
  assert.equal(res.header('content-length'), '167');
});

test('proxied responses keep the origin headers first; X-Cache, Via, X-Amz-Cf-Pop, X-Amz-Cf-Id (and Age on hits) come last', async (t) => {
  const { send } = await setup(t);
  const miss = await send('/p');
  const missNames = names(miss.rawHeaders);
  assert.deepEqual(missNames.slice(-4), ['X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id']);
  assert.ok(missNames.indexOf('Content-Length') < missNames.indexOf('X-Cache'));
  assert.ok(missNames.indexOf('Connection') < missNames.indexOf('X-Cache'));
  assert.equal(miss.header('server'), 'AmazonS3');
  assert.equal(miss.header('keep-alive'), undefined, 'CloudFront sends no Keep-Alive header');
  const hit = await send('/p');
  assert.deepEqual(names(hit.rawHeaders).slice(-5), ['X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id', 'Age']);
});

test('URL limit: a target of exactly 8,192 bytes is served, 8,193 bytes gets the 413 page', async (t) => {
  const { send, origin } = await setup(t);
  const at = `/${'a'.repeat(8191)}`;
  assert.equal(Buffer.byteLength(at), 8192);
  assert.equal((await send(at)).status, 200);
  const over = await send(`${at}b`);
  assert.equal(over.status, 413);
  assert.equal(over.header('x-cache'), 'Error from cloudfront');
  assert.match(over.text, /<H1>413 ERROR<\/H1>/);
  assert.equal(origin.count(), 1);
});

test('request size limit: 18 KB of headers are served, more than 20,480 bytes get 413 and the connection closes', async (t) => {
  const { origin, harness } = await setup(t);
  const served = await sendRaw(harness.url, '/h', { headers: { host: HOST, 'x-pad': 'p'.repeat(18_000) } });
  assert.equal(served.status, 200);
  const big = await rawExchange(
    harness.url,
    `GET /h2 HTTP/1.1\r\nHost: ${HOST}\r\nX-Pad: ${'p'.repeat(20_500)}\r\n\r\n`,
  );
  assert.match(big.head, /^HTTP\/1\.1 413 /);
  assert.match(big.head, /\r\nServer: CloudFront\r\n/);
  assert.match(big.head, /\r\nConnection: close\r\n/i);
  assert.match(big.body.toString('latin1'), /<H1>413 ERROR<\/H1>/);
  assert.equal(big.closed, true);
  const huge = await rawExchange(
    harness.url,
    `GET /h3 HTTP/1.1\r\nHost: ${HOST}\r\nX-Pad: ${'p'.repeat(70_000)}\r\n\r\n`,
  );
  assert.match(huge.head, /^HTTP\/1\.1 413 /);
  assert.equal(origin.count(), 1);
});

test('a method CloudFront does not know (PROPFIND) gets the method-not-allowed 403, not a 405', async (t) => {
  const { send, origin } = await setup(t, {
    defaultBehavior: {
      AllowedMethods: {
        Quantity: 7,
        Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
      },
    },
  });
  const res = await send('/dav', {}, 'PROPFIND');
  assert.equal(res.status, 403);
  assert.match(res.text, /not configured to allow the HTTP request method/);
  assert.equal(origin.count(), 0);
});

test('X-Forwarded-For: created from the TCP peer, or the peer appended to the viewer value as in the docs example', async (t) => {
  const { origin, send } = await setup(t);
  await send('/x1');
  await send('/x2', { 'x-forwarded-for': '192.0.2.4,192.0.2.3' });
  assert.equal(origin.requests[0].headers['x-forwarded-for'], '127.0.0.1');
  assert.equal(origin.requests[1].headers['x-forwarded-for'], '192.0.2.4,192.0.2.3,127.0.0.1');
  assert.equal(origin.requests[0].headers.connection, 'keep-alive');
});
