import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CredentialsMode } from './check-cors-response.ts';
import { checkCorsResponse } from './check-cors-response.ts';
import type { HeaderRecord } from './header-list.ts';

const url = 'https://dev.cloudfront.junlog.dev/videos/course-1/intro.mp4';
const page = 'https://local.junlog.dev:3000';

function check(credentialsMode: CredentialsMode, headers: HeaderRecord) {
  return checkCorsResponse({ url, requestOrigin: page, credentialsMode, status: 200, headers });
}

const table: readonly {
  readonly name: string;
  readonly credentials: CredentialsMode;
  readonly headers: HeaderRecord;
  readonly code: string;
}[] = [
  { name: 'no ACAO', credentials: 'omit', headers: {}, code: 'no-acao' },
  {
    name: 'wildcard without credentials',
    credentials: 'omit',
    headers: { 'access-control-allow-origin': '*' },
    code: 'ok',
  },
  {
    name: 'wildcard with same-origin credentials cross-origin',
    credentials: 'same-origin',
    headers: { 'access-control-allow-origin': '*' },
    code: 'ok',
  },
  {
    name: 'wildcard with include',
    credentials: 'include',
    headers: { 'access-control-allow-origin': '*' },
    code: 'wildcard-with-credentials',
  },
  {
    name: 'wildcard with include even with ACAC true',
    credentials: 'include',
    headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' },
    code: 'wildcard-with-credentials',
  },
  {
    name: 'echo without credentials',
    credentials: 'omit',
    headers: { 'Access-Control-Allow-Origin': page },
    code: 'ok',
  },
  {
    name: 'echo with include but no ACAC',
    credentials: 'include',
    headers: { 'access-control-allow-origin': page },
    code: 'acac-not-true',
  },
  {
    name: 'echo with include and ACAC TRUE (case-sensitive)',
    credentials: 'include',
    headers: { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'TRUE' },
    code: 'acac-not-true',
  },
  {
    name: 'echo with include and ACAC true',
    credentials: 'include',
    headers: { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true' },
    code: 'ok',
  },
  {
    name: 'another origin',
    credentials: 'omit',
    headers: { 'access-control-allow-origin': 'https://other.junlog.dev' },
    code: 'acao-mismatch',
  },
  {
    name: 'origin with trailing slash',
    credentials: 'omit',
    headers: { 'access-control-allow-origin': `${page}/` },
    code: 'acao-mismatch',
  },
  {
    name: 'two ACAO headers',
    credentials: 'omit',
    headers: { 'access-control-allow-origin': [page, page] },
    code: 'multiple-acao',
  },
  {
    name: 'a list in one header',
    credentials: 'omit',
    headers: { 'access-control-allow-origin': `${page} https://x.dev` },
    code: 'multiple-acao',
  },
  {
    name: 'not a URL',
    credentials: 'omit',
    headers: { 'access-control-allow-origin': 'junlog' },
    code: 'invalid-acao',
  },
];

for (const row of table) {
  test(`checkCorsResponse: ${row.name} → ${row.code}`, () => {
    const result = check(row.credentials, row.headers);
    assert.equal(result.kind === 'ok' ? 'ok' : result.code, row.code);
  });
}

test('the missing-ACAO message is the one Chromium prints for fetch()', () => {
  const result = check('include', {});
  assert.ok(result.kind === 'failed');
  assert.equal(
    result.consoleMessage,
    `Access to fetch at '${url}' from origin '${page}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  );
});

test('the wildcard message names the credentials mode', () => {
  const result = check('include', { 'access-control-allow-origin': '*' });
  assert.ok(result.kind === 'failed');
  assert.equal(
    result.consoleMessage,
    `Access to fetch at '${url}' from origin '${page}' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
  );
});

test('the credentials message quotes the header value', () => {
  const result = check('include', {
    'access-control-allow-origin': page,
    'access-control-allow-credentials': 'yes',
  });
  assert.ok(result.kind === 'failed');
  assert.match(
    result.consoleMessage,
    /'Access-Control-Allow-Credentials' header in the response is 'yes' which must be 'true'/,
  );
});
