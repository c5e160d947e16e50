import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { silentLogger } from '../../log/logger.ts';
import { createControlProxy } from './control-proxy.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function send(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string[] },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of options.body ?? []) req.write(chunk);
    req.end();
  });
}

test('a control request reaches the primary with its method, target, Host, signed headers and streamed body, and the answer comes back', async (t) => {
  const seen: { method?: string; url?: string; headers?: Record<string, unknown>; body?: string } = {};
  const primary = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'text/xml', etag: 'E1', 'x-amz-request-id': 'R1' });
      res.end('<Created/>');
    });
  });
  const proxy = createControlProxy(await listen(primary), silentLogger);
  const worker = createServer((req, res) => void proxy.handler(req, res));
  const workerUrl = await listen(worker);
  t.after(() => {
    proxy.close();
    worker.close();
    primary.close();
    worker.closeAllConnections();
    primary.closeAllConnections();
  });

  const answer = await send(workerUrl, {
    method: 'POST',
    path: '/2020-05-31/distribution?WithTags',
    headers: {
      host: 'localhost:9000',
      authorization: 'AWS4-HMAC-SHA256 Credential=K/20260101/us-east-1/cloudfront/aws4_request',
      'x-amz-date': '20260101T000000Z',
      'transfer-encoding': 'chunked',
      connection: 'keep-alive, x-private',
      'x-private': 'only for this hop',
    },
    body: ['<Distribution', 'Config/>'],
  });
  assert.equal(answer.status, 201);
  assert.equal(answer.body, '<Created/>');
  assert.equal(answer.headers.etag, 'E1');
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/2020-05-31/distribution?WithTags');
  assert.equal(seen.headers?.host, 'localhost:9000');
  assert.equal(seen.headers?.['x-amz-date'], '20260101T000000Z');
  assert.match(String(seen.headers?.authorization), /cloudfront\/aws4_request/);
  assert.equal(seen.headers?.['x-private'], undefined, 'a header named in Connection is hop-by-hop');
  assert.equal(seen.body, '<DistributionConfig/>');
});

test('when the primary cannot be reached the worker answers CloudFront ServiceUnavailable XML', async (t) => {
  const gone = createServer();
  const goneUrl = await listen(gone);
  await new Promise<void>((resolve) => gone.close(() => resolve()));
  const proxy = createControlProxy(goneUrl, silentLogger);
  const worker = createServer((req, res) => void proxy.handler(req, res));
  const workerUrl = await listen(worker);
  t.after(() => {
    proxy.close();
    worker.close();
    worker.closeAllConnections();
  });
  const answer = await send(workerUrl, { method: 'GET', path: '/2020-05-31/distribution', headers: {} });
  assert.equal(answer.status, 503);
  assert.match(answer.body, /<Code>ServiceUnavailable<\/Code>/);
  assert.match(answer.body, /<Type>Receiver<\/Type>/);
});
