import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { request } from 'node:http';
import { test } from 'node:test';
import { createCertificateAuthority, issueServerCertificate } from '../tls/index.ts';
import { startHttpListener, startHttpsListener } from './edge-server.ts';
import type { RequestHandler } from './edge-server.ts';

// A response carrying a header node cannot write: the listener must still answer, without that header.
const handler: RequestHandler = async (_viewer, sink) => {
  sink.writeHead(200, [
    ['Content-Type', 'text/plain'],
    ['Access-Control-Expose-Headers', 'ETag\r\nX-Injected: 1'],
    ['X-Wide', 'x-\u20ac'],
    ['Bad Name', 'v'],
    ['Content-Length', '2'],
  ]);
  sink.end(Buffer.from('ok'));
};

test('the HTTP listener drops header fields node cannot write, reports them, and still answers', async (t) => {
  const dropped: string[] = [];
  const listener = await startHttpListener({ host: '127.0.0.1', port: 0 }, handler, Date.now, () => {}, {
    onHeaderDropped: (name) => dropped.push(name),
  });
  t.after(() => listener.close());
  const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(`${listener.url}/`, { agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'ok');
  assert.equal(answer.headers['access-control-expose-headers'], undefined);
  assert.equal(answer.headers['x-injected'], undefined);
  assert.equal(answer.headers['content-type'], 'text/plain');
  assert.deepEqual(dropped, ['Access-Control-Expose-Headers', 'X-Wide', 'Bad Name']);
});

test('the HTTPS listener does the same for HTTP/2 viewers', async (t) => {
  const ca = createCertificateAuthority();
  const cert = issueServerCertificate(ca, ['127.0.0.1']);
  const dropped: string[] = [];
  const listener = await startHttpsListener(
    { host: '127.0.0.1', port: 0 },
    cert,
    handler,
    Date.now,
    () => {},
    { onHeaderDropped: (name) => dropped.push(name) },
  );
  t.after(() => listener.close());
  const client = connect(listener.url, { ca: ca.cert });
  t.after(() => client.close());
  const answer = await new Promise<{ headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const stream = client.request({ ':path': '/' });
    let headers: Record<string, unknown> = {};
    let body = '';
    stream.on('response', (h) => (headers = h));
    stream.on('data', (d) => (body += d));
    stream.on('end', () => resolve({ headers, body }));
    stream.on('error', reject);
  });
  assert.equal(answer.headers[':status'], 200);
  assert.equal(answer.body, 'ok');
  assert.equal(answer.headers['access-control-expose-headers'], undefined);
  assert.equal(dropped.length, 3);
});
