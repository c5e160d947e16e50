// Conformance: the HTTPS listener speaking HTTP/2 (AWS: "Request and response behavior for Amazon S3 origins" `Via: 2.0 …`): pseudo-headers
// mapped to the request (never forwarded), split Cookie fields joined, large bodies under flow control with a
// slow reader, CloudFront's generated pages over h2, and `curl --http2` against it.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startHttpsListener } from '../../src/edge/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'h2.example.test';
const BIG_BYTES = 6 * 1024 * 1024;
const big = Buffer.alloc(BIG_BYTES);
for (let i = 0; i < BIG_BYTES; i++) big[i] = (i * 31) & 0xff;

async function setup(t: import('node:test').TestContext) {
  const origin = await startScriptedOrigin((req) =>
    req.rawTarget === '/big.bin'
      ? { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=60' }, body: big }
      : { headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' }, body: 'small' },
  );
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1H2',
    config: distributionConfig({
      aliases: [HOST],
      defaultBehavior: { OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3' },
    }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const ca = createCertificateAuthority();
  const cert = issueServerCertificate(ca, [HOST, '127.0.0.1']);
  const https = await startHttpsListener(
    { host: '127.0.0.1', port: 0 },
    { cert: cert.cert, key: cert.key },
    (v, s) => harness.edge.runtime.handle(v, s),
    () => harness.clock.nowMs,
    () => {},
  );
  t.after(() => https.close());
  const client = connect(https.url, { ca: ca.cert, servername: HOST });
  t.after(() => client.close());
  return { origin, harness, https, ca, client };
}

type H2Answer = { headers: Record<string, string | string[] | number | undefined>; body: Buffer };

function h2(
  client: ClientHttp2Session,
  headers: Record<string, string | string[]>,
  options: { pauseMs?: number } = {},
): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = client.request(headers, { endStream: true });
    const chunks: Buffer[] = [];
    let head: H2Answer['headers'] = {};
    stream.on('response', (h) => {
      head = h as H2Answer['headers'];
      if (options.pauseMs) {
        // A slow reader: the edge must wait on flow control, not buffer or drop.
        stream.pause();
        setTimeout(() => stream.resume(), options.pauseMs);
      }
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ headers: head, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
  });
}

test('h2: :authority selects the distribution, pseudo-headers never reach the origin, Via says 2.0 both ways', async (t) => {
  const { client, origin } = await setup(t);
  const res = await h2(client, {
    ':method': 'GET',
    ':path': '/a.txt?x=1',
    ':authority': HOST,
    'x-probe': 'p',
  });
  assert.equal(res.headers[':status'], 200);
  assert.equal(res.body.toString(), 'small');
  assert.match(String(res.headers.via), /^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  assert.equal(res.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(res.headers.connection, undefined);
  const seen = origin.requests[0];
  assert.equal(seen.rawTarget, '/a.txt?x=1'); // AllViewer forwards query strings
  assert.equal(seen.headers['x-probe'], 'p');
  assert.match(String(seen.headers.via), /^2\.0 /);
  for (const name of Object.keys(seen.headers)) assert.ok(!name.startsWith(':'), `forwarded ${name}`);
});

test('h2: several Cookie fields are joined with "; " before forwarding', async (t) => {
  const { client, origin } = await setup(t);
  await h2(client, { ':path': '/c.txt', ':authority': HOST, cookie: ['b=2', 'a=1'] });
  assert.equal(origin.requests[0].headers.cookie, 'a=1; b=2');
});

test('h2: a 6 MiB body streams under flow control to a slow reader, then comes from the cache intact', async (t) => {
  const { client, origin } = await setup(t);
  const miss = await h2(client, { ':path': '/big.bin', ':authority': HOST }, { pauseMs: 200 });
  assert.equal(miss.headers[':status'], 200);
  assert.equal(miss.headers['content-length'], String(BIG_BYTES));
  assert.ok(miss.body.equals(big));
  const hit = await h2(client, { ':path': '/big.bin', ':authority': HOST }, { pauseMs: 100 });
  assert.equal(hit.headers['x-cache'], 'Hit from cloudfront');
  assert.ok(hit.body.equals(big));
  const range = await h2(client, { ':path': '/big.bin', ':authority': HOST, range: 'bytes=1000-1999' });
  assert.equal(range.headers[':status'], 206);
  assert.ok(range.body.equals(big.subarray(1000, 2000)));
  assert.equal(origin.count('/big.bin'), 1);
});

test('h2: CloudFront-generated pages (method not allowed) and HEAD answers keep their framing', async (t) => {
  const { client } = await setup(t);
  const denied = await h2(client, { ':method': 'DELETE', ':path': '/x', ':authority': HOST });
  assert.equal(denied.headers[':status'], 403);
  assert.equal(denied.headers['content-length'], String(denied.body.length));
  assert.match(denied.body.toString('latin1'), /<H1>403 ERROR<\/H1>/);
  assert.equal(denied.headers.server, 'CloudFront');
  const head = await h2(client, { ':method': 'HEAD', ':path': '/a.txt', ':authority': HOST });
  assert.equal(head.headers[':status'], 200);
  assert.equal(head.body.length, 0);
});

test('curl --http2 talks HTTP/2 to the edge and gets the body, Via 2.0 and X-Cache', async (t) => {
  const { https, ca } = await setup(t);
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-h2-curl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await import('node:fs/promises').then((fs) => fs.writeFile(join(dir, 'ca.pem'), ca.cert));
  const port = new URL(https.url).port;
  const run = promisify(execFile);
  const curl = (path: string) =>
    run('curl', [
      '--http2',
      '-sS',
      '--cacert',
      join(dir, 'ca.pem'),
      '--resolve',
      `${HOST}:${port}:127.0.0.1`,
      '-D',
      '-',
      '-o',
      join(dir, 'body'),
      `https://${HOST}:${port}${path}`,
    ]);
  const first = await curl('/big.bin');
  assert.match(first.stdout, /^HTTP\/2 200/);
  assert.match(first.stdout, /\r\nvia: 2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)\r\n/);
  assert.match(first.stdout, /\r\nx-cache: Miss from cloudfront\r\n/);
  assert.ok((await readFile(join(dir, 'body'))).equals(big));
  const second = await curl('/big.bin');
  assert.match(second.stdout, /\r\nx-cache: Hit from cloudfront\r\n/);
  assert.match(second.stdout, /\r\nage: \d+\r\n/);
});
