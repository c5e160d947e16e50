// Static lint on the two junlog distribution files, loaded verbatim through a Frontgate config written at
// test time (key generated at test time), with the bucket CORS and cookie settings of the scenario.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.ts';
import type { LintFinding } from '../../src/doctor/index.ts';
import { lintConfig, parseCookiesFile } from '../../src/doctor/index.ts';
import { readFileSync } from 'node:fs';

const junlog = (name: string): string =>
  fileURLToPath(new URL(`../../examples/junlog/${name}`, import.meta.url));
const cookiesFile = JSON.parse(readFileSync(junlog('cookies.json'), 'utf8')) as {
  keyPairId: string;
  keyGroupId: string;
};
const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function lint(
  t: { after: (fn: () => Promise<void>) => void },
  distributionFile: string,
  doctor: Record<string, unknown>,
): Promise<LintFinding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'doctor-lint-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = {
    dataDir: join(dir, 'data'),
    s3: { buckets: [{ name: 'junlog-media', cors: junlog('bucket-cors.json') }] },
    edge: {
      distributions: [{ id: 'EJUNLOGDEV', config: junlog(distributionFile) }],
      publicKeys: [
        {
          Id: cookiesFile.keyPairId,
          PublicKeyConfig: { CallerReference: 'junlog', Name: 'junlog-dev', EncodedKey: publicPem },
        },
      ],
      keyGroups: [
        {
          Id: cookiesFile.keyGroupId,
          KeyGroupConfig: { Name: 'junlog-dev', Items: [cookiesFile.keyPairId] },
        },
      ],
    },
    doctor,
  };
  const path = join(dir, 'frontgate.json');
  await writeFile(path, JSON.stringify(config));
  return lintConfig(loadConfigFile(path));
}

const cookie = parseCookiesFile(JSON.parse(readFileSync(junlog('cookies.json'), 'utf8'))).cookie;
const cookieSection = {
  domain: cookie.domain,
  path: cookie.path,
  secure: cookie.secure,
  httpOnly: cookie.httpOnly,
  sameSite: 'Lax',
};

const codes = (findings: readonly LintFinding[], severity?: string): string[] =>
  findings
    .filter((f) => severity === undefined || f.severity === severity)
    .map((f) => f.code)
    .sort();

test('before the fix: Origin is not forwarded, the managed * policy meets credentials, and localhost cannot set the cookies', async (t) => {
  const findings = await lint(t, 'distribution.before-fix.json', {
    pageOrigins: ['https://local.junlog.dev:3000'],
    backendOrigin: 'http://localhost:3001',
    cookie: cookieSection,
  });
  const errors = codes(findings, 'error');
  assert.ok(errors.includes('origin-not-forwarded'), errors.join());
  assert.ok(errors.includes('wildcard-with-credentials'), errors.join());
  assert.ok(errors.includes('cookie-rejected-domain'), errors.join());
  const forwarded = findings.find((f) => f.code === 'origin-not-forwarded');
  assert.equal(
    forwarded?.jsonPath,
    'edge.distributions[0].DistributionConfig.DefaultCacheBehavior.CachePolicyId',
  );
  assert.match(forwarded?.fix ?? '', /88a5eaf4-2fd4-4709-b370-b4c650ea3fcf/);
  const wildcard = findings.find((f) => f.code === 'wildcard-with-credentials');
  assert.match(wildcard?.jsonPath ?? '', /ResponseHeadersPolicyId$/);
  // GET without extra headers needs no preflight: only the informational note about signed preflights.
  assert.equal(findings.find((f) => f.code === 'preflight-to-signed-behavior')?.severity, 'info');
});

test('after the fix with the backend on local.junlog.dev: the single-origin setup predicts success', async (t) => {
  const findings = await lint(t, 'distribution.after-fix.json', {
    pageOrigins: ['https://local.junlog.dev:3000'],
    backendOrigin: 'https://local.junlog.dev:3001',
    cookie: cookieSection,
  });
  assert.deepEqual(codes(findings, 'error'), []);
  // Origin is forwarded by CORS-S3Origin but not in CachingOptimized's key: noted for requests without Origin.
  assert.equal(findings.find((f) => f.code === 'origin-not-in-cache-key')?.severity, 'info');
});

test('after the fix with two page origins: the cache key without Origin is a warning, and the unlisted origin gets *', async (t) => {
  const findings = await lint(t, 'distribution.after-fix.json', {
    pageOrigins: ['https://local.junlog.dev:3000', 'https://admin.junlog.dev'],
    backendOrigin: 'https://local.junlog.dev:3001',
    cookie: cookieSection,
  });
  assert.equal(findings.find((f) => f.code === 'origin-not-in-cache-key')?.severity, 'warning');
  // The bucket rule lists only the first origin: S3 sends nothing for the second, the managed policy adds *.
  assert.ok(codes(findings, 'error').includes('wildcard-with-credentials'));
});

test('requests that need a preflight are flagged on the signed behavior', async (t) => {
  const findings = await lint(t, 'distribution.after-fix.json', {
    pageOrigins: ['https://local.junlog.dev:3000'],
    backendOrigin: 'https://local.junlog.dev:3001',
    cookie: cookieSection,
    requests: [{ method: 'GET', headers: { Authorization: 'Bearer x' } }],
  });
  const finding = findings.find((f) => f.code === 'preflight-to-signed-behavior');
  assert.equal(finding?.severity, 'error');
  assert.match(finding?.fix ?? '', /authorization/);
});

test('a page on another site never sends the Lax cookies; an http backend cannot set Secure ones', async (t) => {
  const findings = await lint(t, 'distribution.after-fix.json', {
    pageOrigins: ['https://app.example.com'],
    backendOrigin: 'http://api.junlog.dev',
    cookie: cookieSection,
  });
  const errors = codes(findings, 'error');
  assert.ok(errors.includes('cookie-not-sent-samesite'), errors.join());
  assert.ok(errors.includes('cookie-secure-over-http'), errors.join());
});
