import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideConsoleAccess, isLoopbackAddress } from './console-access.ts';

test('on loopback the console answers loopback Host names and refuses any other name', () => {
  for (const host of ['127.0.0.1:8081', 'localhost:8081', '[::1]:8081', 'console.localhost'])
    assert.equal(decideConsoleAccess({ host, authorization: undefined }, {}).kind, 'allowed', host);
  const foreign = decideConsoleAccess({ host: 'attacker.example:8081', authorization: undefined }, {});
  assert.equal(foreign.kind, 'denied');
  assert.equal(foreign.kind === 'denied' && foreign.status, 403);
});

test('off loopback the console requires the start-up token as a bearer token', () => {
  const access = { token: 'tok-123' };
  assert.equal(
    decideConsoleAccess({ host: '10.0.0.5:8081', authorization: undefined }, access).kind,
    'denied',
  );
  assert.equal(
    decideConsoleAccess({ host: '10.0.0.5:8081', authorization: 'Bearer tok-12' }, access).kind,
    'denied',
  );
  assert.equal(
    decideConsoleAccess({ host: '127.0.0.1:8081', authorization: undefined }, access).kind,
    'denied',
  );
  assert.equal(
    decideConsoleAccess({ host: '10.0.0.5:8081', authorization: 'Bearer tok-123' }, access).kind,
    'allowed',
  );
});

test('only loopback listen addresses count as loopback', () => {
  assert.equal(isLoopbackAddress('127.0.0.1'), true);
  assert.equal(isLoopbackAddress('::1'), true);
  assert.equal(isLoopbackAddress('localhost'), true);
  assert.equal(isLoopbackAddress('0.0.0.0'), false);
  assert.equal(isLoopbackAddress(''), false);
  assert.equal(isLoopbackAddress('192.168.1.2'), false);
});
