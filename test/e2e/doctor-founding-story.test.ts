// `frontgate doctor` against the real stack at each step of the junlog founding story
// (`examples/junlog/` (the founding story)): the embedded S3 store with the junlog bucket CORS behind the edge with
// origin access control, the distribution files from examples/junlog/ loaded verbatim, a key made at test
// time, cookies signed with getSignedCookies and set by a real backend, HTTPS from a local CA. The doctor is
// given no --admin: it follows the edge's x-frontgate-admin header to the traces.

import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type TestContext, test } from 'node:test';
import type { CliIo } from '../../src/cli/command.ts';
import { doctorCommand } from '../../src/cli/doctor.ts';
import { loadConfigFile } from '../../src/config/index.ts';
import type { DoctorReport } from '../../src/doctor/index.ts';
import { diagnose, parseResolveRule } from '../../src/doctor/index.ts';
import type { DistributionStatus } from '../../src/edge/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { startFrontgate } from '../../src/server/start-frontgate.ts';
import { generateKeyPair, getSignedCookies } from '../../src/signer/index.ts';
import { createCertificateAuthority, issueServerCertificate } from '../../src/tls/index.ts';

const examples = join(import.meta.dirname, '../../examples/junlog');
const CDN_HOST = 'dev.cloudfront.junlog.dev';
const BACKEND_HOST = 'local.junlog.dev';
const PAGE_ORIGIN = 'https://local.junlog.dev:3000';
const OBJECT = '/videos/course-1/intro.mp4';
const DISTRIBUTION_ID = 'E1JUNLOGDEV';

type CookiesSpec = {
  expiresInMs: number;
  basePath: string;
  keyPairId: string;
  keyGroupId: string;
  cookieAttributes: { httpOnly: boolean; secure: boolean; sameSite: string; domain: string; path: string };
};

async function listen(t: TestContext, server: ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return (server.address() as AddressInfo).port;
}

async function startJunlog(t: TestContext, options: { bucketCors?: unknown } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-doctor-junlog-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const spec = JSON.parse(await readFile(join(examples, 'cookies.json'), 'utf8')) as CookiesSpec;
  const keys = await generateKeyPair({ type: 'rsa' });
  const ca = createCertificateAuthority();
  const server = issueServerCertificate(ca, [CDN_HOST, BACKEND_HOST]);
  await writeFile(join(dir, 'server.pem'), server.cert);
  await writeFile(join(dir, 'server.key'), server.key);
  await writeFile(join(dir, 'public.pem'), keys.publicKeyPem);
  if (options.bucketCors === undefined)
    await copyFile(join(examples, 'bucket-cors.json'), join(dir, 'bucket-cors.json'));
  else await writeFile(join(dir, 'bucket-cors.json'), JSON.stringify(options.bucketCors));
  await copyFile(join(examples, 'distribution.before-fix.json'), join(dir, 'distribution.json'));
  const configFile = join(dir, 'frontgate.json');
  await writeFile(
    configFile,
    JSON.stringify({
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        region: 'ap-northeast-2',
        buckets: [
          { name: 'junlog-media', cors: 'bucket-cors.json', allowedDistributions: [DISTRIBUTION_ID] },
        ],
      },
      edge: {
        listen: '127.0.0.1:0',
        tls: { listen: '127.0.0.1:0', cert: 'server.pem', key: 'server.key' },
        admin: { listen: '127.0.0.1:0' },
        distributions: [{ id: DISTRIBUTION_ID, config: 'distribution.json' }],
        origins: { 'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded' },
        publicKeys: [
          {
            Id: spec.keyPairId,
            PublicKeyConfig: { CallerReference: 'test', Name: 'junlog-test', EncodedKey: 'public.pem' },
          },
        ],
        keyGroups: [{ Id: spec.keyGroupId, KeyGroupConfig: { Name: 'junlog', Items: [spec.keyPairId] } }],
      },
    }),
  );
  const running = await startFrontgate(loadConfigFile(configFile), {
    logger: silentLogger,
    seed: async (store) => {
      await store.putObject('junlog-media', OBJECT.slice(1), Readable.from([Buffer.from('not a video')]), {
        contentType: 'video/mp4',
        userMetadata: {},
      });
    },
  });
  t.after(() => running.close());
  const edgeUrl = running.edgeUrls.find((u) => u.startsWith('https://'));
  assert.ok(edgeUrl && running.adminUrl);
  const cdn = `https://${CDN_HOST}:${new URL(edgeUrl).port}`;

  // The backend of cookies.json: three CloudFront-* cookies, custom policy on the base path, 100 s lifetime.
  const signed = getSignedCookies({
    keyPairId: spec.keyPairId,
    privateKey: keys.privateKeyPem,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${cdn}/${spec.basePath}/*`,
          Condition: {
            DateLessThan: { 'AWS:EpochTime': Math.floor((Date.now() + spec.expiresInMs) / 1000) },
          },
        },
      ],
    }),
  });
  const a = spec.cookieAttributes;
  const attributes = `Domain=${a.domain}; Path=${a.path}; Expires=${new Date(Date.now() + spec.expiresInMs).toUTCString()}${a.httpOnly ? '; HttpOnly' : ''}${a.secure ? '; Secure' : ''}; SameSite=${a.sameSite}`;
  const backend: RequestListener = (req, res) => {
    res.setHeader(
      'Set-Cookie',
      Object.entries(signed).map(([name, value]) => `${name}=${value}; ${attributes}`),
    );
    if (req.headers.origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  };
  const localhostPort = await listen(t, createHttpServer(backend));
  const securePort = await listen(t, createHttpsServer({ cert: server.cert, key: server.key }, backend));

  const doctor = (backendUrl: string | undefined, pageOrigin = PAGE_ORIGIN): Promise<DoctorReport> =>
    diagnose({
      pageOrigin,
      url: `${cdn}${OBJECT}`,
      backendUrl,
      resolve: [parseResolveRule('*.junlog.dev:*:127.0.0.1'), parseResolveRule('localhost:*:127.0.0.1')],
      ca: ca.cert,
      timeoutMs: 5000,
    });
  const runningStatus = async (): Promise<DistributionStatus> => {
    const body = (await (await fetch(`${running.adminUrl}/distributions`)).json()) as {
      distributions: DistributionStatus[];
    };
    const status = body.distributions.find((d) => d.id === DISTRIBUTION_ID);
    assert.ok(status);
    return status;
  };
  return {
    dir,
    configFile,
    running,
    adminUrl: running.adminUrl,
    doctor,
    runningStatus,
    localhostBackend: `http://localhost:${localhostPort}/api/media-cookies`,
    secureBackend: `https://${BACKEND_HOST}:${securePort}/api/media-cookies`,
  };
}

function captureIo(cwd: string) {
  const out: string[] = [];
  const io: CliIo = {
    stdout: (s) => out.push(s),
    stderr: () => {},
    env: {},
    cwd,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  return { io, out };
}

async function lintCodes(configFile: string, adminUrl: string, cwd: string): Promise<string[]> {
  const { io, out } = captureIo(cwd);
  await doctorCommand.run(['--config', configFile, '--admin', adminUrl, '--json'], io);
  return (JSON.parse(out.join('')) as { findings: { code: string }[] }).findings.map((f) => f.code);
}

test('doctor on the real edge: the four founding-story steps each get their verdict and root cause', async (t) => {
  const j = await startJunlog(t);

  // Step 1: without the backend the doctor sees the 403 MissingKey (no CORS headers) …
  const noBackend = await j.doctor(undefined);
  assert.equal(noBackend.verdict, 'blocked');
  assert.equal(noBackend.pageSees.kind, 'network-error');
  assert.equal(noBackend.rootCause.code, 'signature-missing');
  assert.equal(noBackend.rootCause.evidence, 'trace', 'the trace was found through x-frontgate-admin');
  assert.ok(noBackend.traceId);
  // … and with the backend on localhost, the first thing that went wrong: the refused cookies.
  const step1 = await j.doctor(j.localhostBackend);
  assert.equal(step1.verdict, 'blocked');
  assert.equal(step1.rootCause.code, 'cookie-rejected-domain');
  assert.equal(step1.rootCause.stage, 'backend-cookies');

  // Step 2: backend inside .junlog.dev, distribution before the fix: the cookies pass, S3 never sees Origin.
  const step2 = await j.doctor(j.secureBackend);
  assert.equal(step2.verdict, 'blocked');
  assert.equal(step2.rootCause.code, 'origin-not-forwarded');
  assert.equal(step2.rootCause.evidence, 'trace');
  assert.ok(
    step2.stages.some((s) => s.name === 'origin-request' && /WITHOUT Origin/.test(s.summary)),
    JSON.stringify(step2.stages),
  );
  const before = await j.runningStatus();
  assert.equal(before.etag, 'E1BROKEN');
  assert.equal(before.cache.entriesUnderOtherConfig, 0);
  assert.ok(
    !(await lintCodes(j.configFile, j.adminUrl, j.dir)).includes('config-changed-since-invalidation'),
  );

  // Step 3: the fixed distribution without an invalidation: the entry stored under E1BROKEN is replayed.
  await copyFile(join(examples, 'distribution.after-fix.json'), join(j.dir, 'distribution.json'));
  await j.running.reload();
  const step3 = await j.doctor(j.secureBackend);
  assert.equal(step3.verdict, 'blocked');
  assert.equal(step3.rootCause.code, 'stale-cache');
  assert.match(step3.rootCause.explanation, /E1BROKEN/);
  assert.match(step3.rootCause.explanation, /E2FIXED/);
  const stale = await j.runningStatus();
  assert.equal(stale.etag, 'E2FIXED');
  assert.equal(stale.lastInvalidation, null);
  assert.equal(stale.cache.entriesUnderOtherConfig, 1);
  assert.ok((await lintCodes(j.configFile, j.adminUrl, j.dir)).includes('config-changed-since-invalidation'));

  // Step 4: after invalidating /* the origin sees Origin and the fetch succeeds.
  const created = await fetch(`${j.adminUrl}/invalidations`, {
    method: 'POST',
    body: JSON.stringify({ distributionId: DISTRIBUTION_ID, paths: ['/*'] }),
  });
  assert.equal(created.status, 201);
  const step4 = await j.doctor(j.secureBackend);
  assert.equal(step4.verdict, 'ok', JSON.stringify(step4.rootCause));
  assert.equal(step4.rootCause.code, 'ok');
  assert.deepEqual(step4.pageSees, { kind: 'response', status: 200 });
  const fixed = await j.runningStatus();
  assert.equal(fixed.lastInvalidation?.configEtag, 'E2FIXED');
  assert.deepEqual(fixed.lastInvalidation?.paths, ['/*']);
  assert.equal(fixed.cache.entriesUnderOtherConfig, 0);
  assert.ok(
    !(await lintCodes(j.configFile, j.adminUrl, j.dir)).includes('config-changed-since-invalidation'),
  );
});

test('doctor on the real edge: a hit stored under the current config for another page origin is origin-not-in-cache-key, not stale-cache', async (t) => {
  const otherOrigin = 'https://admin.junlog.dev:3000';
  const rules = JSON.parse(await readFile(join(examples, 'bucket-cors.json'), 'utf8'));
  rules[0].AllowedOrigins = [PAGE_ORIGIN, otherOrigin];
  const j = await startJunlog(t, { bucketCors: rules });
  await copyFile(join(examples, 'distribution.after-fix.json'), join(j.dir, 'distribution.json'));
  await j.running.reload();
  const first = await j.doctor(j.secureBackend);
  assert.equal(first.verdict, 'ok');
  const second = await j.doctor(j.secureBackend, otherOrigin);
  assert.equal(second.verdict, 'blocked');
  assert.equal(second.rootCause.code, 'origin-not-in-cache-key');
  assert.match(second.rootCause.explanation, /E2FIXED/);
});
