import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { connect } from 'node:tls';
import { createCertificateAuthority, issueServerCertificate } from './local-ca.ts';

test('a leaf certificate issued by the local CA is trusted for its names and refused for others', async (t) => {
  const ca = createCertificateAuthority();
  const leaf = issueServerCertificate(ca, ['dev.cloudfront.junlog.dev', '*.junlog.dev', '127.0.0.1']);
  const server = createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;

  const handshake = (servername: string) =>
    new Promise<string | undefined>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, servername, ca: ca.cert }, () => {
        socket.end();
        resolve(undefined);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });

  assert.equal(await handshake('dev.cloudfront.junlog.dev'), undefined);
  assert.equal(await handshake('local.junlog.dev'), undefined);
  assert.equal(await handshake('example.com'), 'ERR_TLS_CERT_ALTNAME_INVALID');
});

test('a certificate from another CA is not trusted', async (t) => {
  const ca = createCertificateAuthority();
  const other = createCertificateAuthority('Another CA');
  const leaf = issueServerCertificate(other, ['local.junlog.dev']);
  const server = createServer({ cert: leaf.cert, key: leaf.key });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  const code = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'local.junlog.dev', ca: ca.cert }, () => {
      socket.end();
      resolve(undefined);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
  assert.ok(code !== undefined, 'handshake must fail');
});
