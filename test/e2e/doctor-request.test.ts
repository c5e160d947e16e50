// Request mode against real local servers scripted to answer like each step of the junlog founding story
// (`examples/junlog/` (the founding story)): TLS with a CA and certificate made at test time (node-forge), names
// under junlog.dev mapped to 127.0.0.1 with --resolve rules, cookies as the backend sets them.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import forge from 'node-forge';
import type { CliIo } from '../../src/cli/command.ts';
import { UsageError } from '../../src/cli/command.ts';
import { doctorCommand } from '../../src/cli/doctor.ts';
import { diagnose, parseResolveRule } from '../../src/doctor/index.ts';

const junlogDir = new URL('../../examples/junlog/', import.meta.url);
const cookiesJson = JSON.parse(readFileSync(new URL('cookies.json', junlogDir), 'utf8')) as {
  cookieAttributes: { domain: string; path: string; sameSite: string };
  keyPairId: string;
};
const page = 'https://local.junlog.dev:3000';
const attrs = `Domain=${cookiesJson.cookieAttributes.domain}; Path=${cookiesJson.cookieAttributes.path}; Expires=${new Date(Date.now() + 100_000).toUTCString()}; HttpOnly; Secure; SameSite=${cookiesJson.cookieAttributes.sameSite}`;
const setCookies = [
  `CloudFront-Policy=eyJTdGF0ZW1lbnQiOltdfQ__; ${attrs}`,
  `CloudFront-Signature=c2lnbmF0dXJl; ${attrs}`,
  `CloudFront-Key-Pair-Id=${cookiesJson.keyPairId}; ${attrs}`,
];
const MISSING_KEY =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>';

function makeTls(): { ca: string; key: string; cert: string } {
  const toForgeKeys = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
      privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    };
  };
  const caKeys = toForgeKeys();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = '01';
  ca.validity.notBefore = new Date(Date.now() - 60_000);
  ca.validity.notAfter = new Date(Date.now() + 86_400_000);
  const caName = [{ name: 'commonName', value: 'Frontgate doctor test CA' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const leafKeys = toForgeKeys();
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = '02';
  leaf.validity.notBefore = new Date(Date.now() - 60_000);
  leaf.validity.notAfter = new Date(Date.now() + 86_400_000);
  leaf.setSubject([{ name: 'commonName', value: '*.junlog.dev' }]);
  leaf.setIssuer(caName);
  leaf.setExtensions([
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: '*.cloudfront.junlog.dev' },
        { type: 2, value: '*.junlog.dev' },
      ],
    },
    { name: 'extKeyUsage', serverAuth: true },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());
  return {
    ca: forge.pki.certificateToPem(ca),
    key: leafKeys.privateKeyPem,
    cert: forge.pki.certificateToPem(leaf),
  };
}

const tls = makeTls();

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(
  t: { after: (fn: () => Promise<void> | void) => void },
  handler: Handler,
  secure: boolean,
): Promise<number> {
  const server = secure
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

/** The backend that issues the signed cookies, answering a credentialed fetch from the page. */
const backend: Handler = (req, res) => {
  res.setHeader('Set-Cookie', setCookies);
  if (req.headers.origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.end('{"ok":true}');
};

type Step = 'before-fix' | 'after-fix-stale' | 'after-invalidation';

/** A CloudFront stand-in for the junlog distribution at one step of the story. */
function cdn(step: Step, options: { trace?: () => string; optionsAllowed?: boolean } = {}): Handler {
  return (req, res) => {
    const traceId =
      req.headers['x-frontgate-trace'] === '1' && options.trace !== undefined ? 'tr-1' : undefined;
    if (req.url?.startsWith('/traces/')) {
      res.setHeader('content-type', 'application/json');
      res.end(options.trace?.());
      return;
    }
    if (traceId !== undefined) {
      res.setHeader('x-frontgate-trace-id', traceId);
      res.setHeader('x-frontgate-admin', `https://${req.headers.host}/`);
    }
    if (req.method === 'OPTIONS' && options.optionsAllowed === false) {
      res.statusCode = 403;
      res.setHeader('content-type', 'text/html');
      res.end(
        '<HTML><BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2>This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.<HR>Generated by cloudfront (CloudFront)</BODY></HTML>',
      );
      return;
    }
    if (!/CloudFront-Key-Pair-Id=/.test(req.headers.cookie ?? '')) {
      res.statusCode = 403;
      res.setHeader('content-type', 'text/xml');
      res.setHeader('x-cache', 'Error from cloudfront');
      res.end(MISSING_KEY);
      return;
    }
    res.setHeader('content-type', 'video/mp4');
    if (step === 'after-invalidation') {
      res.setHeader('access-control-allow-origin', String(req.headers.origin));
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
      res.setHeader('x-cache', 'Miss from cloudfront');
    } else {
      // CORS-With-Preflight adds * because the origin response carried no CORS headers.
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('x-cache', step === 'after-fix-stale' ? 'Hit from cloudfront' : 'Miss from cloudfront');
    }
    res.end(Buffer.alloc(32 * 1024, 1));
  };
}

function traceJson(entries: unknown[]): () => string {
  return () =>
    JSON.stringify({
      id: 'tr-1',
      requestId: 'r',
      startedAt: new Date().toISOString(),
      method: 'GET',
      rawTarget: '/',
      entries,
    });
}

async function run(
  cdnPort: number,
  backendUrl: string | undefined,
  extra: Partial<Parameters<typeof diagnose>[0]> = {},
) {
  return diagnose({
    pageOrigin: page,
    url: `https://dev.cloudfront.junlog.dev:${cdnPort}/videos/course-1/intro.mp4`,
    backendUrl,
    credentials: 'include',
    resolve: [parseResolveRule('*.junlog.dev:*:127.0.0.1')],
    ca: tls.ca,
    ...extra,
  });
}

test('step 1: the backend on localhost cannot set Domain=.junlog.dev, the CDN answers 403 MissingKey without CORS headers, the page sees a CORS error', async (t) => {
  const cdnPort = await listen(t, cdn('before-fix'), true);
  const backendPort = await listen(t, backend, false);
  const report = await run(cdnPort, `http://localhost:${backendPort}/api/media-cookies`);
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.pageSees.kind, 'network-error');
  assert.match(
    report.pageSees.kind === 'network-error' ? (report.pageSees.consoleMessage ?? '') : '',
    /No 'Access-Control-Allow-Origin' header is present/,
  );
  assert.equal(report.rootCause.code, 'cookie-rejected-domain');
  assert.equal(report.rootCause.stage, 'backend-cookies');
  assert.match(report.rootCause.fix, /Domain/);
});

test('step 1 without a backend: the root cause is the missing signature', async (t) => {
  const cdnPort = await listen(t, cdn('before-fix'), true);
  const report = await run(cdnPort, undefined);
  assert.equal(report.rootCause.code, 'signature-missing');
  assert.equal(report.stages.find((s) => s.name === 'response')?.outcome, 'failed');
});

test('step 2: cookies stored and sent; the managed policy answers * to a credentialed fetch', async (t) => {
  const cdnPort = await listen(t, cdn('before-fix'), true);
  const backendPort = await listen(t, backend, true);
  const report = await run(cdnPort, `https://local.junlog.dev:${backendPort}/api/media-cookies`);
  assert.equal(report.stages.find((s) => s.name === 'backend-cookies')?.outcome, 'ok');
  assert.match(
    report.stages.find((s) => s.name === 'cookie-selection')?.summary ?? '',
    /CloudFront-Key-Pair-Id/,
  );
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'wildcard-with-credentials');
  assert.match(
    report.pageSees.kind === 'network-error' ? (report.pageSees.consoleMessage ?? '') : '',
    /must not be the wildcard '\*' when the request's credentials mode is 'include'/,
  );
});

test('step 2 with an edge trace: the root cause is Origin not forwarded to the origin', async (t) => {
  const trace = traceJson([
    {
      stage: 'receive',
      distributionId: 'EJUNLOGDEV',
      host: 'dev.cloudfront.junlog.dev',
      rawPath: '/videos/course-1/intro.mp4',
      rawQuery: '',
      clientIp: '127.0.0.1',
      scheme: 'https',
    },
    {
      stage: 'match-behavior',
      pathPattern: '*',
      targetOriginId: 'junlog-media',
      originRawPath: '/videos/course-1/intro.mp4',
      outcome: 'matched',
    },
    { stage: 'check-signed-access', required: true, decision: 'allowed' },
    {
      stage: 'cache-lookup',
      cacheKey: 'k',
      invalidationPath: '/videos/course-1/intro.mp4',
      result: 'miss',
      keyParts: { query: '', headers: [], cookies: [], acceptEncoding: undefined },
    },
    {
      stage: 'origin-request',
      originId: 'junlog-media',
      method: 'GET',
      url: 'https://junlog-media/videos/course-1/intro.mp4',
      headers: [['host', 'junlog-media.s3.ap-northeast-2.amazonaws.com']],
      signed: true,
    },
    {
      stage: 'origin-response',
      status: 200,
      corsHeaders: [],
      freshness: { kind: 'ttl', rule: 'default' },
      stored: true,
    },
    {
      stage: 'response-headers',
      policyId: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
      applied: true,
      removed: [],
      added: [['access-control-allow-origin', '*']],
    },
  ]);
  const cdnPort = await listen(t, cdn('before-fix', { trace }), true);
  const backendPort = await listen(t, backend, true);
  const report = await run(cdnPort, `https://local.junlog.dev:${backendPort}/api/media-cookies`);
  assert.equal(report.traceId, 'tr-1');
  assert.equal(report.rootCause.code, 'origin-not-forwarded');
  assert.equal(report.rootCause.evidence, 'trace');
  assert.match(report.rootCause.fix, /88a5eaf4-2fd4-4709-b370-b4c650ea3fcf/);
  assert.match(report.rootCause.fix, /create-invalidation --distribution-id EJUNLOGDEV --paths '\/\*'/);
  assert.equal(report.stages.find((s) => s.name === 'origin-request')?.outcome, 'warning');
});

test('step 3: after the fix but without an invalidation, a cached response still fails: stale cache', async (t) => {
  const trace = traceJson([
    {
      stage: 'match-behavior',
      pathPattern: '*',
      targetOriginId: 'junlog-media',
      originRawPath: '/v',
      outcome: 'matched',
    },
    { stage: 'check-signed-access', required: true, decision: 'allowed' },
    {
      stage: 'cache-lookup',
      cacheKey: 'k',
      invalidationPath: '/v',
      result: 'hit',
      keyParts: { query: '', headers: [], cookies: [], acceptEncoding: undefined },
    },
    {
      stage: 'response-headers',
      policyId: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
      applied: true,
      removed: [],
      added: [['access-control-allow-origin', '*']],
    },
  ]);
  const cdnPort = await listen(t, cdn('after-fix-stale', { trace }), true);
  const backendPort = await listen(t, backend, true);
  const report = await run(cdnPort, `https://local.junlog.dev:${backendPort}/api/media-cookies`);
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'stale-cache');
  assert.match(report.rootCause.fix, /frontgate invalidate --distribution-id \S+ --paths '\/\*'/);
});

test('step 4: after the invalidation the origin echoes the page origin with credentials and the fetch succeeds', async (t) => {
  const cdnPort = await listen(t, cdn('after-invalidation'), true);
  const backendPort = await listen(t, backend, true);
  const report = await run(cdnPort, `https://local.junlog.dev:${backendPort}/api/media-cookies`);
  assert.equal(report.verdict, 'ok');
  assert.deepEqual(report.pageSees, { kind: 'response', status: 200 });
  assert.equal(report.rootCause.code, 'ok');
});

test('a request that needs a preflight to the signed behavior fails with MissingKey on the OPTIONS', async (t) => {
  const cdnPort = await listen(t, cdn('after-invalidation'), true);
  const backendPort = await listen(t, backend, true);
  const report = await run(cdnPort, `https://local.junlog.dev:${backendPort}/c`, {
    headers: [['X-Player', 'junlog']],
  });
  assert.equal(report.request.preflight, true);
  assert.equal(report.rootCause.code, 'preflight-to-signed-behavior');
  assert.match(
    report.pageSees.kind === 'network-error' ? (report.pageSees.consoleMessage ?? '') : '',
    /Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin'/,
  );
  assert.match(report.rootCause.fix, /x-player/);
});

test('a preflight refused by the behavior (OPTIONS not allowed) is named as such', async (t) => {
  const cdnPort = await listen(t, cdn('after-invalidation', { optionsAllowed: false }), true);
  const report = await run(cdnPort, undefined, { method: 'PUT' });
  assert.equal(report.rootCause.code, 'options-not-allowed');
  assert.match(report.rootCause.fix, /AllowedMethods/);
});

test('the doctor command prints a JSON report and returns 1 when blocked; bad arguments are usage errors', async (t) => {
  const cdnPort = await listen(t, cdn('before-fix'), true);
  const backendPort = await listen(t, backend, false);
  const dir = await mkdtemp(join(tmpdir(), 'doctor-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'ca.pem'), tls.ca);
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
    env: {},
    cwd: dir,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  const status = await doctorCommand.run(
    [
      '--page-origin',
      page,
      '--url',
      `https://dev.cloudfront.junlog.dev:${cdnPort}/videos/course-1/intro.mp4`,
      '--backend-url',
      `http://localhost:${backendPort}/api/media-cookies`,
      '--resolve',
      `dev.cloudfront.junlog.dev:${cdnPort}:127.0.0.1`,
      '--cacert',
      'ca.pem',
      '--json',
    ],
    io,
  );
  assert.equal(status, 1);
  const report = JSON.parse(stdout) as { verdict: string; rootCause: { code: string }; stages: unknown[] };
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'cookie-rejected-domain');
  await assert.rejects(doctorCommand.run(['--url', 'https://x.dev/'], io), UsageError);
  await assert.rejects(
    doctorCommand.run(['--page-origin', page, '--url', 'https://x.dev/', '--credentials', 'all'], io),
    UsageError,
  );
});
