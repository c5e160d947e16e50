import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createBrowserCookieJar } from './browser-cookie-jar.ts';
import { isSameSite, schemefulSite } from './schemeful-site.ts';

const junlog = JSON.parse(
  readFileSync(new URL('../../../examples/junlog/cookies.json', import.meta.url), 'utf8'),
) as { cookieAttributes: { domain: string; path: string; sameSite: string } };
const attrs = `Domain=${junlog.cookieAttributes.domain}; Path=${junlog.cookieAttributes.path}; HttpOnly; Secure; SameSite=${junlog.cookieAttributes.sameSite}`;
const signedCookies = [
  `CloudFront-Policy=cG9saWN5; ${attrs}`,
  `CloudFront-Signature=c2ln; ${attrs}`,
  `CloudFront-Key-Pair-Id=K2JUNLOGDEVKEY01; ${attrs}`,
];
const page = 'https://local.junlog.dev:3000';
const cdn = 'https://dev.cloudfront.junlog.dev/videos/course-1/intro.mp4';

test('schemeful sites: the page and the CDN share junlog.dev; localhost and http are other sites', () => {
  assert.equal(schemefulSite(page), 'https://junlog.dev');
  assert.equal(isSameSite(page, cdn), true);
  assert.equal(isSameSite(page, 'http://localhost:3001'), false);
  assert.equal(isSameSite(page, 'http://local.junlog.dev:3001'), false);
  // Private public-suffix entries count: two github.io projects are different sites.
  assert.equal(isSameSite('https://a.github.io', 'https://b.github.io'), false);
});

test('the founding bug: localhost cannot set Domain=.junlog.dev, so no cookie is stored', async () => {
  const jar = createBrowserCookieJar();
  const result = await jar.receive({
    url: 'http://localhost:3001/api/media-cookies',
    setCookie: signedCookies,
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  assert.equal(result.stored.length, 0);
  assert.deepEqual(
    result.rejected.map((r) => r.code),
    ['invalid-domain', 'invalid-domain', 'invalid-domain'],
  );
  const send = await jar.cookiesFor({ url: cdn, initiatorOrigin: page, credentialsMode: 'include' });
  assert.equal(send.cookieHeader, undefined);
});

test('after the fix the backend on local.junlog.dev stores the cookies and the CDN fetch carries them', async () => {
  const jar = createBrowserCookieJar();
  const result = await jar.receive({
    url: 'https://local.junlog.dev:3001/api/media-cookies',
    setCookie: signedCookies,
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  assert.equal(result.stored.length, 3);
  assert.equal(result.rejected.length, 0);
  const send = await jar.cookiesFor({ url: cdn, initiatorOrigin: page, credentialsMode: 'include' });
  assert.deepEqual(send.sent.map((c) => c.name).sort(), [
    'CloudFront-Key-Pair-Id',
    'CloudFront-Policy',
    'CloudFront-Signature',
  ]);
  assert.match(send.cookieHeader ?? '', /CloudFront-Key-Pair-Id=K2JUNLOGDEVKEY01/);
});

test('credentials omit and same-origin keep the cookies home on a cross-origin fetch', async () => {
  const jar = createBrowserCookieJar();
  await jar.receive({
    url: 'https://local.junlog.dev:3001/c',
    setCookie: signedCookies,
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  for (const mode of ['omit', 'same-origin'] as const) {
    const send = await jar.cookiesFor({ url: cdn, initiatorOrigin: page, credentialsMode: mode });
    assert.equal(send.sent.length, 0);
    assert.ok(send.withheld.every((w) => w.code === 'credentials-not-included'));
  }
});

test('preflights never carry cookies', async () => {
  const jar = createBrowserCookieJar();
  await jar.receive({
    url: 'https://local.junlog.dev:3001/c',
    setCookie: signedCookies,
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  const send = await jar.cookiesFor({
    url: cdn,
    initiatorOrigin: page,
    credentialsMode: 'include',
    isPreflight: true,
  });
  assert.equal(send.sent.length, 0);
  assert.equal(send.withheld[0].code, 'preflight');
});

test('SameSite=Lax cookies are not sent on a cross-site fetch; SameSite=None; Secure ones are', async () => {
  const jar = createBrowserCookieJar();
  await jar.receive({
    url: 'https://media.example.com/login',
    setCookie: [
      'lax=1; Domain=example.com; Secure; SameSite=Lax',
      'none=1; Domain=example.com; Secure; SameSite=None',
      'dflt=1; Domain=example.com; Secure',
    ],
    initiatorOrigin: 'https://media.example.com',
    requestKind: 'navigation',
    credentialsMode: 'include',
  });
  const send = await jar.cookiesFor({
    url: 'https://cdn.example.com/x',
    initiatorOrigin: 'https://app.other.dev',
    credentialsMode: 'include',
  });
  assert.deepEqual(
    send.sent.map((c) => c.name),
    ['none'],
  );
  const lax = send.withheld.find((w) => w.name === 'lax');
  assert.equal(lax?.code, 'samesite-cross-site');
  const dflt = send.withheld.find((w) => w.name === 'dflt');
  assert.match(dflt?.reason ?? '', /\(the default\)/);
});

test('schemeful same-site: an http page is cross-site to the https CDN, so Lax cookies stay home', async () => {
  const jar = createBrowserCookieJar();
  await jar.receive({
    url: 'https://local.junlog.dev:3001/c',
    setCookie: signedCookies,
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  const send = await jar.cookiesFor({
    url: cdn,
    initiatorOrigin: 'http://local.junlog.dev:3000',
    credentialsMode: 'include',
  });
  assert.equal(send.sent.length, 0);
  assert.equal(send.withheld[0].code, 'samesite-cross-site');
});

test('a Lax cookie from a cross-site fetch response is refused', async () => {
  const jar = createBrowserCookieJar();
  const result = await jar.receive({
    url: 'https://api.other.dev/c',
    setCookie: ['a=1; Secure; SameSite=Lax'],
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  assert.equal(result.rejected[0]?.code, 'samesite-cross-site-set');
  assert.equal((await jar.all()).length, 0);
});

test('Secure cookies cannot be set over plain http except on localhost', async () => {
  const jar = createBrowserCookieJar();
  const http = await jar.receive({
    url: 'http://local.junlog.dev:3001/c',
    setCookie: signedCookies,
    initiatorOrigin: 'http://local.junlog.dev:3000',
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  assert.equal(http.rejected[0]?.code, 'secure-over-http');
  const local = await jar.receive({
    url: 'http://localhost:3001/c',
    setCookie: ['s=1; Secure; SameSite=None'],
    initiatorOrigin: 'http://localhost:3000',
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  assert.equal(local.stored.length, 1);
});

test('a Domain that is a public suffix is refused', async () => {
  const jar = createBrowserCookieJar();
  const result = await jar.receive({
    url: 'https://a.github.io/c',
    setCookie: ['x=1; Domain=github.io; Secure; SameSite=None'],
    initiatorOrigin: 'https://a.github.io',
    requestKind: 'navigation',
    credentialsMode: 'include',
  });
  assert.equal(result.rejected[0]?.code, 'public-suffix-domain');
});

test('SameSite=None without Secure is refused', async () => {
  const jar = createBrowserCookieJar();
  const result = await jar.receive({
    url: 'https://a.example.com/c',
    setCookie: ['x=1; SameSite=None'],
    initiatorOrigin: 'https://a.example.com',
    requestKind: 'navigation',
    credentialsMode: 'include',
  });
  assert.equal(result.rejected[0]?.code, 'samesite-none-insecure');
});

test('expired cookies and other paths are withheld with the reason', async () => {
  let nowMs = Date.parse('2026-01-01T00:00:00Z');
  const jar = createBrowserCookieJar({ now: () => new Date(nowMs) });
  await jar.receive({
    url: 'https://local.junlog.dev:3001/c',
    setCookie: [
      'short=1; Domain=.junlog.dev; Secure; Max-Age=100',
      'other=1; Domain=.junlog.dev; Path=/admin; Secure',
    ],
    initiatorOrigin: page,
    requestKind: 'fetch',
    credentialsMode: 'include',
  });
  nowMs += 101_000;
  const send = await jar.cookiesFor({ url: cdn, initiatorOrigin: page, credentialsMode: 'include' });
  assert.deepEqual(send.withheld.map((w) => [w.name, w.code]).sort(), [
    ['other', 'path-mismatch'],
    ['short', 'expired'],
  ]);
});
