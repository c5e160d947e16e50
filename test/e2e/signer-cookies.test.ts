// Cookie issuing against real servers (node:http, Express, Fastify on port 0): the Set-Cookie headers a backend
// sends, how a browser-like cookie jar (tough-cookie) stores them, and that the edge's verifier accepts what the
// jar sends to the CDN — the junlog founding scenario before and after the fix.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { CookieJar } from 'tough-cookie';
import { CookieIssueError, issueSignedCookies, verifySignedRequest } from '../../src/signer/index.ts';
import type { IssueSignedCookiesOptions } from '../../src/signer/index.ts';

const scenario = JSON.parse(
  readFileSync(new URL('../../examples/junlog/cookies.json', import.meta.url), 'utf8'),
) as {
  expiresInMs: number;
  basePath: string;
  cdnOrigin: string;
  keyPairId: string;
  cookieAttributes: { domain: string; sameSite: 'Lax'; path: string };
  'after-fix': { pageOrigin: string; backendOrigin: string };
  'before-fix': { pageOrigin: string; backendOrigin: string };
};
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const trustedKeys = new Map([[scenario.keyPairId, { id: scenario.keyPairId, key: keys.publicKey }]]);
// Anchored to the real clock (whole second) because the cookie jar judges expiry by the real time.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const expiresEpoch = now.getTime() / 1000 + 100;
const junlogOptions: IssueSignedCookiesOptions = {
  resource: `${scenario.cdnOrigin}/${scenario.basePath}/*`,
  keyPairId: scenario.keyPairId,
  privateKey,
  expiresInSeconds: scenario.expiresInMs / 1000,
  domain: scenario.cookieAttributes.domain,
  sameSite: scenario.cookieAttributes.sameSite,
  path: scenario.cookieAttributes.path,
  trustProxy: true,
  now,
};

type Reply = { status: number; setCookie: string[]; body: string };

/** GET through a real socket, with the Host (and proxy headers) a browser behind a TLS proxy would produce. */
function get(port: number, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/login', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A node:http backend that issues the cookies with `options`, or answers 500 with the CookieIssueError. */
async function startNodeBackend(
  t: { after: (fn: () => Promise<void>) => void },
  options: IssueSignedCookiesOptions,
): Promise<number> {
  const server = http.createServer((req, res) => {
    res.setHeader('Set-Cookie', 'session=abc; Path=/; HttpOnly');
    try {
      const { warnings } = issueSignedCookies(res, { ...options, request: req });
      res.end(JSON.stringify(warnings));
    } catch (error) {
      res.statusCode = 500;
      res.end(
        JSON.stringify({
          name: (error as Error).name,
          code: (error as CookieIssueError).code,
          message: (error as Error).message,
        }),
      );
    }
  });
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return listen(server);
}

function cdnRequest(jarCookies: string, path: string) {
  const cookies = new Map(
    jarCookies
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  return verifySignedRequest({
    scheme: 'https',
    host: 'dev.cloudfront.junlog.dev',
    rawPath: path,
    rawQuery: '',
    cookies,
    clientIp: '198.51.100.9',
    now,
    trustedKeys,
  });
}

describe('issueSignedCookies on a node:http backend', () => {
  it('sets the three CloudFront cookies after the existing Set-Cookie, with the scenario attributes and Max-Age equal to the lifetime', async (t) => {
    const port = await startNodeBackend(t, junlogOptions);
    const reply = await get(port, { host: 'local.junlog.dev:3001', 'x-forwarded-proto': 'https' });
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.setCookie[0], 'session=abc; Path=/; HttpOnly');
    assert.deepEqual(
      reply.setCookie.slice(1).map((c) => c.slice(0, c.indexOf('='))),
      ['CloudFront-Key-Pair-Id', 'CloudFront-Signature', 'CloudFront-Policy'],
    );
    for (const cookie of reply.setCookie.slice(1)) {
      assert.ok(
        cookie.endsWith(
          `; Domain=.junlog.dev; Path=/; Max-Age=100; Expires=${new Date(expiresEpoch * 1000).toUTCString()}; Secure; HttpOnly; SameSite=Lax`,
        ),
        cookie,
      );
    }
    assert.deepEqual(JSON.parse(reply.body), []);
  });

  it('after the fix, a browser-like jar stores the cookies and sends them to the CDN, where they verify for course-1 only', async (t) => {
    const port = await startNodeBackend(t, junlogOptions);
    const reply = await get(port, { host: 'local.junlog.dev:3001', 'x-forwarded-proto': 'https' });
    const jar = new CookieJar();
    for (const header of reply.setCookie) await jar.setCookie(header, scenario['after-fix'].backendOrigin);
    const sent = await jar.getCookieString(`${scenario.cdnOrigin}/videos/course-1/master.m3u8`);
    assert.match(sent, /CloudFront-Policy=/);
    assert.equal(cdnRequest(sent, '/videos/course-1/master.m3u8').kind, 'allowed');
    const other = cdnRequest(sent, '/videos/course-2/x');
    assert.equal(other.kind === 'denied' && other.code, 'AccessDenied');
  });

  it('refuses the founding bug: a backend on http://localhost:3001 setting Domain=.junlog.dev, naming both hosts and the fix', async (t) => {
    const port = await startNodeBackend(t, { ...junlogOptions, trustProxy: false });
    const reply = await get(port, { host: 'localhost:3001' });
    assert.equal(reply.status, 500);
    const error = JSON.parse(reply.body) as { name: string; code: string; message: string };
    assert.equal(error.name, 'CookieIssueError');
    assert.equal(error.code, 'DomainMismatch');
    assert.match(
      error.message,
      /^the browser at http:\/\/localhost:3001 will drop a cookie for \.junlog\.dev: /,
    );
    assert.match(
      error.message,
      /serve the backend from a host under junlog\.dev \(e\.g\. https:\/\/local\.junlog\.dev:3001\) or omit Domain/,
    );
    // The refusal matches what a browser-like jar does with such a cookie.
    const jar = new CookieJar();
    await assert.rejects(
      jar.setCookie(
        'CloudFront-Key-Pair-Id=K; Domain=.junlog.dev; Path=/',
        scenario['before-fix'].backendOrigin,
      ),
    );
  });

  it('refuses public-suffix domains (.com, .co.uk, .dev, localhost)', async (t) => {
    const cases: [string, string][] = [
      ['www.example.com', '.com'],
      ['shop.example.co.uk', '.co.uk'],
      ['local.junlog.dev', '.dev'],
      ['localhost', 'localhost'],
    ];
    for (const [host, domain] of cases) {
      const port = await startNodeBackend(t, { ...junlogOptions, domain });
      const reply = await get(port, { host, 'x-forwarded-proto': 'https' });
      const error = JSON.parse(reply.body) as { code: string; message: string };
      assert.equal(error.code, 'PublicSuffixDomain', `${host} ${domain}: ${reply.body}`);
      assert.match(error.message, /public suffix/);
    }
  });

  it('refuses Secure cookies over plain HTTP except on localhost, and believes X-Forwarded-Proto only with trustProxy', async (t) => {
    const insecure = await startNodeBackend(t, { ...junlogOptions, domain: undefined, trustProxy: false });
    const refused = await get(insecure, { host: 'app.junlog.dev', 'x-forwarded-proto': 'https' });
    assert.equal((JSON.parse(refused.body) as { code: string }).code, 'InsecureTransport');
    const local = await get(insecure, { host: 'localhost:3001' });
    assert.equal(local.status, 200, local.body);
    const proxied = await startNodeBackend(t, { ...junlogOptions, domain: undefined, trustProxy: true });
    assert.equal((await get(proxied, { host: 'app.junlog.dev', 'x-forwarded-proto': 'https' })).status, 200);
  });

  it('refuses SameSite=None without Secure and a wildcard url signed as a canned policy', async (t) => {
    const none = await startNodeBackend(t, { ...junlogOptions, sameSite: 'None', secure: false });
    assert.equal(
      (
        JSON.parse((await get(none, { host: 'local.junlog.dev', 'x-forwarded-proto': 'https' })).body) as {
          code: string;
        }
      ).code,
      'SameSiteNoneWithoutSecure',
    );
    const canned = await startNodeBackend(t, {
      ...junlogOptions,
      resource: undefined,
      url: `${scenario.cdnOrigin}/videos/*`,
    });
    const reply = await get(canned, { host: 'local.junlog.dev', 'x-forwarded-proto': 'https' });
    assert.equal((JSON.parse(reply.body) as { code: string }).code, 'WildcardInCannedPolicy');
  });

  it('issues a canned cookie set for an exact url, which verifies for that url only', async (t) => {
    const port = await startNodeBackend(t, {
      ...junlogOptions,
      resource: undefined,
      url: `${scenario.cdnOrigin}/videos/course-1/master.m3u8`,
    });
    const reply = await get(port, { host: 'local.junlog.dev', 'x-forwarded-proto': 'https' });
    const jar = new CookieJar();
    for (const header of reply.setCookie) await jar.setCookie(header, 'https://local.junlog.dev/');
    const sent = await jar.getCookieString(`${scenario.cdnOrigin}/videos/course-1/master.m3u8`);
    assert.match(sent, new RegExp(`CloudFront-Expires=${expiresEpoch}(;|$)`));
    assert.equal(cdnRequest(sent, '/videos/course-1/master.m3u8').kind, 'allowed');
    assert.equal(cdnRequest(sent, '/videos/course-1/segment0.ts').kind, 'denied');
  });

  it('warns when the CDN is outside the cookie domain, suggesting the shared parent domain', async (t) => {
    const port = await startNodeBackend(t, { ...junlogOptions, domain: undefined });
    const reply = await get(port, { host: 'local.junlog.dev:3001', 'x-forwarded-proto': 'https' });
    const warnings = JSON.parse(reply.body) as string[];
    assert.equal(warnings.length, 1, reply.body);
    assert.match(
      warnings[0],
      /will not send these cookies to the CDN at dev\.cloudfront\.junlog\.dev: they are host-only for local\.junlog\.dev; set domain: '\.junlog\.dev'/,
    );
  });

  it('warns when page and CDN are cross-site under SameSite=Lax, and not when they share a site', async (t) => {
    const crossSite = await startNodeBackend(t, {
      ...junlogOptions,
      pageOrigin: 'https://app.junlog.example',
    });
    const warnings = JSON.parse(
      (await get(crossSite, { host: 'local.junlog.dev', 'x-forwarded-proto': 'https' })).body,
    ) as string[];
    assert.ok(
      warnings.some((w) => /are cross-site .*SameSite=Lax/.test(w)),
      JSON.stringify(warnings),
    );
    const sameSite = await startNodeBackend(t, {
      ...junlogOptions,
      pageOrigin: scenario['after-fix'].pageOrigin,
    });
    assert.deepEqual(
      JSON.parse((await get(sameSite, { host: 'local.junlog.dev:3001', 'x-forwarded-proto': 'https' })).body),
      [],
    );
  });
});

describe('issueSignedCookies with frameworks', () => {
  it('appends to cookies Express already set with res.cookie', async (t) => {
    const app = express();
    app.get('/login', (req, res) => {
      res.cookie('session', 'abc', { httpOnly: true });
      const { warnings } = issueSignedCookies(res, { ...junlogOptions, request: req });
      res.json(warnings);
    });
    const server = http.createServer(app);
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const reply = await get(await listen(server), {
      host: 'local.junlog.dev:3001',
      'x-forwarded-proto': 'https',
    });
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.setCookie.length, 4);
    assert.match(reply.setCookie[0], /^session=abc/);
    const jar = new CookieJar();
    for (const header of reply.setCookie) await jar.setCookie(header, 'https://local.junlog.dev:3001/');
    assert.equal(
      cdnRequest(
        await jar.getCookieString(`${scenario.cdnOrigin}/videos/course-1/a.ts`),
        '/videos/course-1/a.ts',
      ).kind,
      'allowed',
    );
  });

  it('works with a Fastify reply (request found through reply.request.raw) and keeps earlier reply.header cookies', async (t) => {
    const app = Fastify();
    app.get('/login', async (_request, reply) => {
      reply.header('set-cookie', 'session=abc; Path=/');
      const { warnings } = issueSignedCookies(reply, { ...junlogOptions, algorithm: 'SHA256' });
      return warnings;
    });
    t.after(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const reply = await get(port, { host: 'local.junlog.dev:3001', 'x-forwarded-proto': 'https' });
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.setCookie.length, 5);
    assert.match(reply.setCookie[4], /^CloudFront-Hash-Algorithm=SHA256;/);
    const jar = new CookieJar();
    for (const header of reply.setCookie) await jar.setCookie(header, 'https://local.junlog.dev:3001/');
    const decision = cdnRequest(
      await jar.getCookieString(`${scenario.cdnOrigin}/videos/course-1/a.ts`),
      '/videos/course-1/a.ts',
    );
    assert.equal(decision.kind === 'allowed' && decision.hashAlgorithm, 'SHA256');
  });

  it('throws CookieIssueError when the Fastify reply was already sent', async (t) => {
    const app = Fastify();
    let caught: unknown;
    app.get('/login', async (_request, reply) => {
      await reply.send('done');
      try {
        issueSignedCookies(reply, junlogOptions);
      } catch (error) {
        caught = error;
      }
      return reply;
    });
    t.after(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    await get((app.server.address() as AddressInfo).port, {
      host: 'local.junlog.dev:3001',
      'x-forwarded-proto': 'https',
    });
    assert.ok(caught instanceof CookieIssueError);
    assert.equal(caught.code, 'HeadersAlreadySent');
  });
});
