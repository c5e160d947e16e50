import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsPreflight } from './needs-preflight.ts';

const cases: readonly {
  readonly name: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly preflight: boolean;
  readonly acrh?: string;
}[] = [
  { name: 'GET without headers', method: 'GET', headers: [], preflight: false },
  { name: 'lower-case get', method: 'get', headers: [], preflight: false },
  { name: 'HEAD', method: 'HEAD', headers: [], preflight: false },
  {
    name: 'POST with text/plain',
    method: 'POST',
    headers: [['Content-Type', 'text/plain;charset=UTF-8']],
    preflight: false,
  },
  {
    name: 'POST with form urlencoded',
    method: 'POST',
    headers: [['content-type', 'application/x-www-form-urlencoded']],
    preflight: false,
  },
  {
    name: 'POST with multipart',
    method: 'POST',
    headers: [['Content-Type', 'multipart/form-data; boundary=x']],
    preflight: false,
  },
  {
    name: 'POST with JSON',
    method: 'POST',
    headers: [['Content-Type', 'application/json']],
    preflight: true,
    acrh: 'content-type',
  },
  { name: 'PUT', method: 'PUT', headers: [], preflight: true },
  { name: 'DELETE', method: 'DELETE', headers: [], preflight: true },
  { name: 'PATCH', method: 'PATCH', headers: [], preflight: true },
  {
    name: 'Accept with a safe value',
    method: 'GET',
    headers: [['Accept', 'video/mp4,*/*;q=0.8']],
    preflight: false,
  },
  {
    name: 'Accept with a CORS-unsafe byte',
    method: 'GET',
    headers: [['Accept', 'text/html"']],
    preflight: true,
    acrh: 'accept',
  },
  {
    name: 'Accept-Language ok',
    method: 'GET',
    headers: [['Accept-Language', 'ko-KR,en;q=0.9']],
    preflight: false,
  },
  {
    name: 'Content-Language with slash',
    method: 'GET',
    headers: [['Content-Language', 'en/us']],
    preflight: true,
    acrh: 'content-language',
  },
  {
    name: 'Authorization',
    method: 'GET',
    headers: [['Authorization', 'Bearer x']],
    preflight: true,
    acrh: 'authorization',
  },
  {
    name: 'Range (Chromium preflights it for fetch)',
    method: 'GET',
    headers: [['Range', 'bytes=0-99']],
    preflight: true,
    acrh: 'range',
  },
  {
    name: 'custom headers sorted and lower-cased',
    method: 'GET',
    headers: [
      ['X-B', '1'],
      ['X-A', '2'],
    ],
    preflight: true,
    acrh: 'x-a,x-b',
  },
  {
    name: 'forbidden headers are dropped',
    method: 'GET',
    headers: [
      ['Cookie', 'a=b'],
      ['Origin', 'x'],
    ],
    preflight: false,
  },
  {
    name: 'a safelisted value over 128 bytes',
    method: 'GET',
    headers: [['Accept', 'a'.repeat(129)]],
    preflight: true,
    acrh: 'accept',
  },
  { name: 'Save-Data on', method: 'GET', headers: [['Save-Data', 'on']], preflight: false },
  { name: 'DPR not a number', method: 'GET', headers: [['DPR', 'abc']], preflight: true, acrh: 'dpr' },
];

for (const c of cases) {
  test(`needsPreflight: ${c.name} → ${c.preflight ? 'preflight' : 'no preflight'}`, () => {
    const result = needsPreflight({ method: c.method, headers: c.headers });
    assert.equal(result.kind, c.preflight ? 'preflight' : 'no-preflight');
    if (result.kind === 'preflight') {
      assert.equal(result.accessControlRequestHeaders, c.acrh);
      assert.equal(result.accessControlRequestMethod, c.method);
    }
  });
}

test('safelisted headers totalling more than 1024 bytes all become unsafe', () => {
  const headers: [string, string][] = [
    ['Accept', 'a'.repeat(120)],
    ...Array.from({ length: 9 }, () => ['Accept-Language', 'b'.repeat(120)] as [string, string]),
  ];
  const result = needsPreflight({ method: 'GET', headers });
  assert.equal(result.kind, 'preflight');
  assert.equal(result.kind === 'preflight' && result.accessControlRequestHeaders, 'accept,accept-language');
});

test('no-cors mode never preflights and refuses unsafe methods', () => {
  assert.equal(
    needsPreflight({ method: 'GET', headers: [['X-A', '1']], mode: 'no-cors' }).kind,
    'no-preflight',
  );
  assert.equal(needsPreflight({ method: 'PUT', headers: [], mode: 'no-cors' }).kind, 'type-error');
});

test('a forbidden method is a TypeError', () => {
  assert.equal(needsPreflight({ method: 'TRACE', headers: [] }).kind, 'type-error');
});

test('the reason names the method and each unsafe header', () => {
  const result = needsPreflight({ method: 'PUT', headers: [['Content-Type', 'application/json']] });
  assert.ok(result.kind === 'preflight');
  assert.deepEqual(
    result.reasons.map((r) => r.kind),
    ['method', 'header'],
  );
  assert.match(JSON.stringify(result.reasons[1]), /application\/json/);
});
