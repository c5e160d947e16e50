import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventRequest, eventResponse } from './function-event.ts';
import { decideViewerRequestOutput, decideViewerResponseOutput } from './function-output.ts';

const given = eventRequest({
  method: 'GET',
  uri: '/a',
  rawQuery: 'x=1&x=2&y',
  headers: [
    ['Host', 'www.example.com'],
    ['Accept', 'text/html'],
    ['Accept', 'application/json'],
    ['Cookie', 'session=abc; theme=dark'],
    ['Connection', 'keep-alive'],
    ['X-Amz-Cf-Id', 'secret'],
  ],
});

test('the event exposes lower-case names, multiValue for repeats, cookies from Cookie, and hides disallowed headers', () => {
  assert.deepEqual(given, {
    method: 'GET',
    uri: '/a',
    querystring: { x: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] }, y: { value: '' } },
    headers: {
      host: { value: 'www.example.com' },
      accept: { value: 'text/html', multiValue: [{ value: 'text/html' }, { value: 'application/json' }] },
    },
    cookies: { session: { value: 'abc' }, theme: { value: 'dark' } },
  });
});

test('a header named __proto__ stays data and does not touch Object.prototype', () => {
  const request = eventRequest({
    method: 'GET',
    uri: '/',
    headers: [
      ['__proto__', 'x'],
      ['__proto__', 'y'],
    ],
  });
  assert.deepEqual(Object.keys(request.headers), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).multiValue, undefined);
});

test('a returned request is rebuilt into the query string, headers and Cookie header the edge sends on', () => {
  const decision = decideViewerRequestOutput(
    {
      ...given,
      uri: '/b',
      querystring: { q: { value: 'a b' }, x: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] } },
      headers: { ...given.headers, 'x-added': { value: 'yes' } },
      cookies: { session: { value: 'abc' } },
    },
    given,
  );
  assert.equal(decision.kind, 'request');
  if (decision.kind !== 'request') return;
  assert.equal(decision.uri, '/b');
  assert.equal(decision.rawQuery, 'q=a%20b&x=1&x=3');
  assert.deepEqual(decision.headers, [
    ['host', 'www.example.com'],
    ['accept', 'text/html'],
    ['accept', 'application/json'],
    ['x-added', 'yes'],
    ['cookie', 'session=abc'],
  ]);
});

test('changing a read-only header or adding a disallowed one fails validation; changing the method is an execution error', () => {
  const changedHost = decideViewerRequestOutput(
    { ...given, headers: { ...given.headers, host: { value: 'evil.example' } } },
    given,
  );
  assert.deepEqual(changedHost, {
    kind: 'error',
    error: 'FunctionValidationError',
    message: 'The function changed the read-only header host',
  });
  const removedHost = decideViewerRequestOutput(
    { ...given, headers: { accept: given.headers.accept } },
    given,
  );
  assert.equal(removedHost.kind === 'error' && removedHost.error, 'FunctionValidationError');
  const disallowed = decideViewerRequestOutput(
    { ...given, headers: { ...given.headers, upgrade: { value: 'h2c' } } },
    given,
  );
  assert.equal(
    disallowed.kind === 'error' && disallowed.message,
    'The function added the disallowed header upgrade',
  );
  const method = decideViewerRequestOutput({ ...given, method: 'POST' }, given);
  assert.equal(method.kind === 'error' && method.error, 'FunctionExecutionError');
});

test('return values of the wrong shape are execution errors', () => {
  for (const bad of [
    undefined,
    null,
    'text',
    [1],
    { uri: 'no-slash' },
    { uri: '/', headers: { a: 'plain' } },
    { statusCode: 99 },
    { statusCode: 200, body: 42 },
  ]) {
    const decision = decideViewerRequestOutput(bad, given);
    assert.equal(decision.kind === 'error' && decision.error, 'FunctionExecutionError', JSON.stringify(bad));
  }
});

test('a generated response carries its body (text or base64) and Set-Cookie headers from cookies', () => {
  const decision = decideViewerRequestOutput(
    {
      statusCode: 200,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'text/plain' } },
      cookies: { id: { value: '1', attributes: 'Secure; Path=/' } },
      body: { data: Buffer.from('hello').toString('base64'), encoding: 'base64' },
    },
    given,
  );
  assert.equal(decision.kind, 'response');
  if (decision.kind !== 'response') return;
  assert.equal(decision.body?.toString(), 'hello');
  assert.deepEqual(decision.headers, [
    ['content-type', 'text/plain'],
    ['set-cookie', 'id=1; Secure; Path=/'],
  ]);
});

test('a viewer-response function may change the status and headers but not the read-only ones', () => {
  const response = eventResponse({
    statusCode: 200,
    headers: [
      ['content-length', '10'],
      ['set-cookie', 'a=1; HttpOnly'],
    ],
  });
  assert.deepEqual(response.cookies, { a: { value: '1', attributes: 'HttpOnly' } });
  const ok = decideViewerResponseOutput(
    { ...response, statusCode: 404, headers: { ...response.headers, 'x-a': { value: '1' } } },
    response,
  );
  assert.equal(ok.kind === 'response' && ok.statusCode, 404);
  const bad = decideViewerResponseOutput(
    { ...response, headers: { 'content-length': { value: '99' } } },
    response,
  );
  assert.equal(
    bad.kind === 'error' && bad.message,
    'The function changed the read-only header content-length',
  );
});
