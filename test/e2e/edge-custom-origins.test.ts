// Custom HTTP(S) origins (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)"): OriginPath, CustomHeaders,
// OriginProtocolPolicy (http-only / match-viewer / https-only with HTTPSPort), ConnectionTimeout with
// ConnectionAttempts, OriginReadTimeout, and keep-alive pooling with OriginKeepaliveTimeout — each against
// scripted origins (HTTPS ones with a certificate from a local CA made at test time).

import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { startHttpsListener } from '../../src/edge/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin, type ScriptedResponse } from '../support/scripted-origin.ts';

const ca = createCertificateAuthority();
const originTls = issueServerCertificate(ca, ['127.0.0.1']);
const viewerTls = issueServerCertificate(ca, ['cdn.example.test']);
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

function customOrigin(config: Record<string, unknown>, origin: Record<string, unknown> = {}) {
  return {
    DomainName: '127.0.0.1',
    CustomOriginConfig: {
      HTTPPort: 80,
      HTTPSPort: 443,
      OriginProtocolPolicy: 'http-only',
      OriginReadTimeout: 2,
      OriginKeepaliveTimeout: 5,
      ...config,
    },
    ...origin,
  };
}

async function start(
  t: TestContext,
  distributions: { host: string; originExtra: Record<string, unknown>; mapped?: string }[],
) {
  const compiled = distributions.map((d, i) =>
    compileTestDistribution({
      id: `E1CUSTOM${i}`,
      config: distributionConfig({
        aliases: [d.host],
        originExtra: d.originExtra,
        defaultBehavior: { CachePolicyId: CACHING_DISABLED },
      }),
      originUrls: d.mapped === undefined ? {} : { [String(d.originExtra.DomainName)]: d.mapped },
    }),
  );
  const harness = await startEdgeHarness(t, compiled, { originCa: ca.cert });
  const https = await startHttpsListener(
    { host: '127.0.0.1', port: 0 },
    viewerTls,
    (v, s) => harness.edge.runtime.handle(v, s),
    Date.now,
    () => {},
  );
  t.after(() => https.close());
  return { harness, httpsUrl: https.url };
}

async function scripted(
  t: TestContext,
  answer: () => ScriptedResponse = () => ({ body: 'ok' }),
  secure = false,
) {
  const origin = await startScriptedOrigin(answer, secure ? { tls: originTls } : {});
  t.after(() => origin.close());
  return origin;
}

function viaHttps(baseUrl: string, target: string, host: string) {
  return new Promise<{ status: number }>((resolve, reject) => {
    import('node:https').then(({ request }) => {
      const u = new URL(baseUrl);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: target,
          headers: { host },
          ca: ca.cert,
          servername: 'cdn.example.test',
          agent: false,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end();
    }, reject);
  });
}

test('OriginPath is prefixed to the raw path and CustomHeaders are sent, overriding viewer headers of the same name', async (t) => {
  const origin = await scripted(t);
  const { harness } = await start(t, [
    {
      host: 'path.example.test',
      originExtra: {
        ...customOrigin({}, { DomainName: 'origin.example.com' }),
        OriginPath: '/v2/api',
        CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin-Key', HeaderValue: 'k-123' }] },
      },
      mapped: origin.url,
    },
  ]);
  const res = await sendRaw(harness.url, '/media/a%20b.txt', {
    headers: { host: 'path.example.test', 'x-origin-key': 'forged' },
  });
  assert.equal(res.status, 200);
  assert.equal(origin.requests[0].rawTarget, '/v2/api/media/a%20b.txt');
  assert.equal(origin.requests[0].headers['x-origin-key'], 'k-123');
});

test('OriginProtocolPolicy: http-only uses HTTPPort, https-only uses HTTPSPort over TLS, match-viewer follows the viewer', async (t) => {
  const plain = await scripted(t);
  const secure = await scripted(t, () => ({ body: 'tls' }), true);
  const ports = { HTTPPort: plain.port, HTTPSPort: secure.port };
  const { harness, httpsUrl } = await start(t, [
    {
      host: 'http-only.example.test',
      originExtra: customOrigin({ ...ports, OriginProtocolPolicy: 'http-only' }),
    },
    {
      host: 'https-only.example.test',
      originExtra: customOrigin({ ...ports, OriginProtocolPolicy: 'https-only' }),
    },
    {
      host: 'match.example.test',
      originExtra: customOrigin({ ...ports, OriginProtocolPolicy: 'match-viewer' }),
    },
  ]);
  const seenBy = async (send: () => Promise<{ status: number }>) => {
    const before = { plain: plain.requests.length, secure: secure.requests.length };
    assert.equal((await send()).status, 200);
    return plain.requests.length > before.plain
      ? 'http'
      : secure.requests.length > before.secure
        ? 'https'
        : 'none';
  };
  const http = (host: string, path: string) => () => sendRaw(harness.url, path, { headers: { host } });
  const tls = (host: string, path: string) => () => viaHttps(httpsUrl, path, host);
  assert.equal(await seenBy(http('http-only.example.test', '/1')), 'http');
  assert.equal(await seenBy(tls('http-only.example.test', '/2')), 'http');
  assert.equal(await seenBy(http('https-only.example.test', '/3')), 'https');
  assert.equal(await seenBy(tls('https-only.example.test', '/4')), 'https');
  assert.equal(await seenBy(http('match.example.test', '/5')), 'http');
  assert.equal(await seenBy(tls('match.example.test', '/6')), 'https');
  assert.equal(secure.requests[0].headers.host, '127.0.0.1', 'Host is the origin domain name');
});

test('ConnectionTimeout bounds the TLS connect and ConnectionAttempts retries it, then the 504 page', async (t) => {
  const sockets = new Set<Socket>();
  let connections = 0;
  const silent = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });
  const port = (silent.address() as { port: number }).port;
  const { harness } = await start(t, [
    {
      host: 'slow-connect.example.test',
      originExtra: customOrigin(
        { HTTPSPort: port, OriginProtocolPolicy: 'https-only' },
        { ConnectionTimeout: 1, ConnectionAttempts: 2 },
      ),
    },
  ]);
  const started = Date.now();
  const res = await sendRaw(harness.url, '/x', { headers: { host: 'slow-connect.example.test' } });
  const elapsedMs = Date.now() - started;
  assert.equal(res.status, 504);
  assert.match(res.text, /<H1>504 ERROR<\/H1>/);
  assert.equal(connections, 2, 'one connection per attempt');
  assert.ok(elapsedMs >= 1900 && elapsedMs < 4000, `took ${elapsedMs} ms`);
});

test('OriginReadTimeout: an origin slower than it gets the 504 page, a faster one is served', async (t) => {
  // Well past the 1 s timeout: undici's timers are coarse (up to ~1 s late), so 1.5 s could still arrive in time.
  let delayMs = 3000;
  const origin = await scripted(t, () => ({ delayMs, body: 'late' }));
  const { harness } = await start(t, [
    { host: 'read.example.test', originExtra: customOrigin({ HTTPPort: origin.port, OriginReadTimeout: 1 }) },
  ]);
  const slow = await sendRaw(harness.url, '/a', { headers: { host: 'read.example.test' } });
  assert.equal(slow.status, 504);
  delayMs = 200;
  const fast = await sendRaw(harness.url, '/b', { headers: { host: 'read.example.test' } });
  assert.equal(fast.status, 200);
  assert.equal(fast.text, 'late');
});

test('origin connections are pooled with keep-alive and closed after OriginKeepaliveTimeout of idleness', async (t) => {
  const origin = await scripted(t);
  const { harness } = await start(t, [
    {
      host: 'pool.example.test',
      originExtra: customOrigin({ HTTPPort: origin.port, OriginKeepaliveTimeout: 1 }),
    },
  ]);
  const get = (path: string) => sendRaw(harness.url, path, { headers: { host: 'pool.example.test' } });
  await get('/1');
  await get('/2');
  assert.equal(
    origin.requests[0].remotePort,
    origin.requests[1].remotePort,
    'the second request reuses the connection',
  );
  await new Promise((r) => setTimeout(r, 1300));
  await get('/3');
  assert.notEqual(
    origin.requests[2].remotePort,
    origin.requests[1].remotePort,
    'an idle connection is closed after 1 s',
  );
});
