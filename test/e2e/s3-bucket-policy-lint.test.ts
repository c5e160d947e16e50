// `frontgate doctor --config` explains the OAC 403 a bucket policy causes: no grant for the distribution,
// a grant to another distribution, an explicit Deny; it shows the statement to add, reads policies given
// as data (as a running instance's S3 API would give them), and shows what allowedDistributions stands for.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfigFile } from '../../src/config/index.ts';
import { type LintFinding, lintConfig } from '../../src/doctor/index.ts';

const run = promisify(execFile);
const BUCKET = 'lint-media';
const ORIGIN = `${BUCKET}.s3.us-east-1.amazonaws.com`;
const NODE = join(import.meta.dirname, '../../node_modules/.bin/node');
const MAIN = join(import.meta.dirname, '../../src/main.ts');

const distribution = {
  CallerReference: 'lint',
  Aliases: { Quantity: 0 },
  DefaultRootObject: '',
  Origins: {
    Quantity: 1,
    Items: [
      {
        Id: ORIGIN,
        DomainName: ORIGIN,
        OriginPath: '',
        CustomHeaders: { Quantity: 0 },
        S3OriginConfig: { OriginAccessIdentity: '' },
        OriginAccessControlId: 'E2LINTOAC',
      },
    ],
  },
  DefaultCacheBehavior: {
    TargetOriginId: ORIGIN,
    ViewerProtocolPolicy: 'allow-all',
    AllowedMethods: {
      Quantity: 2,
      Items: ['GET', 'HEAD'],
      CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
    },
    Compress: false,
    CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  },
  CacheBehaviors: { Quantity: 0 },
  CustomErrorResponses: { Quantity: 0 },
  Comment: '',
  Enabled: true,
};

const grant = (distributionId: string) => ({
  Effect: 'Allow',
  Principal: { Service: 'cloudfront.amazonaws.com' },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${BUCKET}/*`,
  Condition: {
    StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::123456789012:distribution/${distributionId}` },
  },
});

async function writeConfig(t: TestContext, bucket: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'policy-lint-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'distribution.json'), JSON.stringify({ DistributionConfig: distribution }));
  const path = join(dir, 'frontgate.json');
  await writeFile(
    path,
    JSON.stringify({
      dataDir: 'data',
      s3: { buckets: [{ name: BUCKET, ...bucket }] },
      edge: {
        distributions: [{ id: 'E1LINT', config: 'distribution.json' }],
        origins: { [ORIGIN]: 'embedded' },
      },
    }),
  );
  return path;
}

const about = (findings: readonly LintFinding[], prefix: string) =>
  findings.filter((f) => f.code.startsWith(prefix));

test('a bucket policy granting another distribution is an error naming the distribution ARN, with the statement to add', async (t) => {
  const path = await writeConfig(t, { policy: { Version: '2012-10-17', Statement: [grant('E9OTHER')] } });
  const [finding, ...rest] = about(lintConfig(loadConfigFile(path)), 'origin-access');
  assert.equal(rest.length, 0);
  assert.equal(finding?.code, 'origin-access-denied');
  assert.equal(finding?.severity, 'error');
  assert.equal(finding?.jsonPath, 'edge.distributions[0].DistributionConfig.Origins.Items[0]');
  assert.match(
    finding?.message ?? '',
    /No statement of the bucket policy of lint-media .* allows distribution E1LINT \(arn:aws:cloudfront::123456789012:distribution\/E1LINT\)/,
  );
  assert.match(finding?.message ?? '', /403 AccessDenied/);
  const statement = JSON.parse((finding?.fix ?? '').slice((finding?.fix ?? '').indexOf('{')));
  assert.deepEqual(statement.Condition, {
    StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1LINT' },
  });
});

test('an explicit Deny is named by its Sid; a granting policy or allowedDistributions gives no finding', async (t) => {
  const denied = await writeConfig(t, {
    policy: {
      Version: '2012-10-17',
      Statement: [
        grant('E1LINT'),
        {
          Sid: 'NoCloudFront',
          Effect: 'Deny',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:*',
          Resource: `arn:aws:s3:::${BUCKET}/*`,
        },
      ],
    },
  });
  const [deny] = about(lintConfig(loadConfigFile(denied)), 'origin-access');
  assert.match(deny?.message ?? '', /Statement NoCloudFront .* denies distribution E1LINT/);
  const granted = await writeConfig(t, { policy: { Version: '2012-10-17', Statement: [grant('E1LINT')] } });
  assert.deepEqual(about(lintConfig(loadConfigFile(granted)), 'origin-access'), []);
  const sugar = await writeConfig(t, { allowedDistributions: ['E1LINT'] });
  const findings = lintConfig(loadConfigFile(sugar));
  assert.deepEqual(about(findings, 'origin-access'), []);
  const shown = findings.find((f) => f.code === 'allowed-distributions-policy');
  assert.equal(shown?.severity, 'info');
  assert.equal(shown?.jsonPath, 's3.buckets[0].allowedDistributions');
  assert.match(
    shown?.message ?? '',
    /"AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution\/E1LINT"/,
  );
});

test('without a policy in the config it warns; a policy read from the running store decides instead', async (t) => {
  const path = await writeConfig(t, {});
  const config = loadConfigFile(path);
  const [warning] = about(lintConfig(config), 'origin-access');
  assert.equal(warning?.code, 'origin-access-not-granted');
  assert.equal(warning?.severity, 'warning');
  const fromStore = (policy: string | null) =>
    about(
      lintConfig(config, {
        bucketPolicies: [{ bucket: BUCKET, policy, source: 'http://127.0.0.1:9000', authoritative: true }],
      }),
      'origin-access',
    );
  assert.deepEqual(fromStore(JSON.stringify({ Version: '2012-10-17', Statement: [grant('E1LINT')] })), []);
  const [none] = fromStore(null);
  assert.equal(none?.code, 'origin-access-denied');
  assert.match(none?.message ?? '', /Bucket lint-media \(http:\/\/127\.0\.0\.1:9000\) has no bucket policy/);
});

test('frontgate doctor --config prints the finding and exits 1', async (t) => {
  const path = await writeConfig(t, { policy: { Version: '2012-10-17', Statement: [grant('E9OTHER')] } });
  const outcome = await run(NODE, [MAIN, 'doctor', '--config', path]).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  assert.equal(outcome.code, 1);
  assert.match(
    outcome.stdout,
    /ERROR origin-access-denied at edge\.distributions\[0\]\.DistributionConfig\.Origins\.Items\[0\]/,
  );
  assert.match(outcome.stdout, /"Sid": "AllowCloudFrontServicePrincipalReadOnly"/);
});
