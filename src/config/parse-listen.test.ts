import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './config-error.ts';
import { parseListen } from './parse-listen.ts';

test('a listener address is host:port, [IPv6]:port, :port (all interfaces) or a bare port on loopback', () => {
  assert.deepEqual(parseListen('127.0.0.1:8080', 'x'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('[::1]:0', 'x'), { host: '::1', port: 0 });
  assert.deepEqual(parseListen(':443', 'x'), { host: '0.0.0.0', port: 443 });
  assert.deepEqual(parseListen(9000, 'x'), { host: '127.0.0.1', port: 9000 });
});

test('a malformed listener address names its JSON path and the expected form', () => {
  for (const bad of ['localhost', '127.0.0.1:70000', '[zz]:80', 'a:b:80', true]) {
    assert.throws(
      () => parseListen(bad, 'edge.admin.listen'),
      (error: unknown) =>
        error instanceof ConfigError &&
        /edge\.admin\.listen/.test(error.message) &&
        /host:port/.test(error.message),
      String(bad),
    );
  }
});
