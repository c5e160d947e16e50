import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CredentialsMode } from './check-cors-response.ts';
import { checkPreflightResponse } from './check-preflight-response.ts';
import type { HeaderRecord } from './header-list.ts';

const url = 'https://api.junlog.dev/items';
const page = 'https://local.junlog.dev:3000';

function preflight(input: {
  credentials?: CredentialsMode;
  status?: number;
  headers: HeaderRecord;
  method?: string;
  requestHeaders?: [string, string][];
}) {
  return checkPreflightResponse({
    url,
    requestOrigin: page,
    credentialsMode: input.credentials ?? 'omit',
    status: input.status ?? 204,
    headers: input.headers,
    method: input.method ?? 'PUT',
    requestHeaders: input.requestHeaders ?? [],
  });
}

const ok = { 'access-control-allow-origin': page };

test('a 403 preflight without ACAO fails on the missing header first, with the preflight prefix', () => {
  const result = preflight({ status: 403, headers: {} });
  assert.ok(result.kind === 'failed');
  assert.equal(result.code, 'no-acao');
  assert.equal(
    result.consoleMessage,
    `Access to fetch at '${url}' from origin '${page}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  );
});

test('a 403 preflight with ACAO fails for its status', () => {
  const result = preflight({ status: 403, headers: { ...ok, 'access-control-allow-methods': 'PUT' } });
  assert.ok(result.kind === 'failed');
  assert.equal(result.code, 'preflight-not-ok-status');
  assert.match(
    result.consoleMessage,
    /Response to preflight request doesn't pass access control check: It does not have HTTP ok status\.$/,
  );
});

test('a method missing from Allow-Methods is refused without the preflight prefix', () => {
  const result = preflight({ headers: { ...ok, 'access-control-allow-methods': 'GET, HEAD' } });
  assert.ok(result.kind === 'failed');
  assert.equal(result.code, 'method-not-allowed');
  assert.match(
    result.consoleMessage,
    /blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response\.$/,
  );
});

test('Allow-Methods * covers any method without credentials only', () => {
  assert.equal(preflight({ headers: { ...ok, 'access-control-allow-methods': '*' } }).kind, 'ok');
  const withCredentials = preflight({
    credentials: 'include',
    headers: { ...ok, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': '*' },
  });
  assert.ok(withCredentials.kind === 'failed');
  assert.equal(withCredentials.code, 'method-not-allowed');
});

test('safelisted methods pass even when Allow-Methods omits them', () => {
  assert.equal(preflight({ method: 'POST', headers: ok, requestHeaders: [['X-A', '1']] }).kind, 'failed');
  assert.equal(
    preflight({
      method: 'POST',
      headers: { ...ok, 'access-control-allow-headers': 'x-a' },
      requestHeaders: [['X-A', '1']],
    }).kind,
    'ok',
  );
});

test('Allow-Headers * covers custom headers without credentials but never Authorization', () => {
  const base = { ...ok, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': '*' };
  assert.equal(preflight({ headers: base, requestHeaders: [['X-Custom', '1']] }).kind, 'ok');
  const auth = preflight({ headers: base, requestHeaders: [['Authorization', 'Bearer t']] });
  assert.ok(auth.kind === 'failed');
  assert.equal(auth.hint, 'authorization');
  assert.match(
    auth.consoleMessage,
    /Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response\.$/,
  );
});

test('Allow-Headers * is a literal name with credentials', () => {
  const result = preflight({
    credentials: 'include',
    headers: {
      ...ok,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': '*',
    },
    requestHeaders: [['X-Custom', '1']],
  });
  assert.ok(result.kind === 'failed');
  assert.equal(result.code, 'header-not-allowed');
  assert.equal(result.hint, 'x-custom');
});

test('header names compare case-insensitively', () => {
  const result = preflight({
    headers: {
      ...ok,
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'Content-Type, X-Amz-Date',
    },
    requestHeaders: [
      ['content-type', 'application/json'],
      ['x-amz-date', '1'],
    ],
  });
  assert.equal(result.kind, 'ok');
});

test('an unparsable Allow-Methods list is its own error', () => {
  const result = preflight({ headers: { ...ok, 'access-control-allow-methods': 'PUT GET' } });
  assert.ok(result.kind === 'failed');
  assert.equal(result.code, 'invalid-allow-methods');
});

test('the wildcard origin fails a credentialed preflight with the preflight prefix', () => {
  const result = preflight({ credentials: 'include', headers: { 'access-control-allow-origin': '*' } });
  assert.ok(result.kind === 'failed');
  assert.match(
    result.consoleMessage,
    /Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard/,
  );
});
