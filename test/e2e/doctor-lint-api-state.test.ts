// `frontgate doctor --config` lints what a running instance holds beyond its config file: a distribution
// created through the CloudFront API and a bucket policy set through the S3 API. The config names neither;
// the doctor reads them from the running instance's S3 endpoint and explains the OAC 403 the edge really sends.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateOriginAccessControlCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront';
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { CliIo } from '../../src/cli/command.ts';
import { doctorCommand } from '../../src/cli/doctor.ts';
import type { LintFinding } from '../../src/doctor/index.ts';
import {
  CREDENTIALS,
  edgeGet,
  s3DistributionConfig,
  startControlFixture,
} from '../support/control-fixture.ts';

function oacPolicy(distributionId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCloudFrontServicePrincipalReadOnly',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::media/*',
        Condition: {
          StringEquals: {
            'AWS:SourceArn': `arn:aws:cloudfront::123456789012:distribution/${distributionId}`,
          },
        },
      },
    ],
  });
}

async function runLint(dir: string): Promise<{ status: number; findings: LintFinding[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    cwd: dir,
    shutdownSignal: new AbortController().signal,
    onReload: () => () => {},
  };
  const status = await doctorCommand.run(['--config', 'doctor.json', '--json'], io);
  return { status, findings: (JSON.parse(stdout) as { findings: LintFinding[] }).findings, stderr };
}

test('doctor --config explains the 403 of an API-created distribution that the bucket policy does not grant, and clears it once the policy names it', async (t) => {
  const fixture = await startControlFixture(t);
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  await fixture.s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'index.html', Body: '<h1>hi</h1>' }));
  const oac = await fixture.cloudfront.send(
    new CreateOriginAccessControlCommand({
      OriginAccessControlConfig: {
        Name: 'media',
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 's3',
      },
    }),
  );
  const created = await fixture.cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'lint-api-state',
        bucket: 'media',
        oacId: oac.OriginAccessControl!.Id,
      }),
    }),
  );
  const id = created.Distribution!.Id!;
  await waitUntilDistributionDeployed({ client: fixture.cloudfront, maxWaitTime: 120 }, { Id: id });
  // The policy grants some other distribution, as after copying a policy between stacks.
  await fixture.s3.send(new PutBucketPolicyCommand({ Bucket: 'media', Policy: oacPolicy('E0THERDISTR1BU') }));

  // The doctor's config names the instance's S3 endpoint and credentials, and nothing else.
  await writeFile(
    join(fixture.dir, 'doctor.json'),
    JSON.stringify({ s3: { listen: new URL(fixture.frontgate.s3Url).host, credentials: [CREDENTIALS] } }),
  );

  // What the edge really answers: S3's AccessDenied passed through.
  const host = created.Distribution!.DomainName!;
  const served = await edgeGet(fixture.edgeUrl, host, '/index.html');
  assert.equal(served.status, 403);
  assert.match(served.body, /AccessDenied/);

  const denied = await runLint(fixture.dir);
  assert.equal(denied.stderr, '');
  assert.equal(denied.status, 1);
  const finding = denied.findings.find((f) => f.code === 'origin-access-denied');
  assert.ok(finding, JSON.stringify(denied.findings, null, 2));
  assert.match(finding.jsonPath, new RegExp(`^Distribution\\(${id}\\) of the CloudFront API at http://`));
  assert.match(finding.message, new RegExp(`arn:aws:cloudfront::123456789012:distribution/${id}`));
  assert.match(finding.message, /GetBucketPolicy on http:\/\/127\.0\.0\.1:\d+/);
  assert.match(
    finding.fix,
    new RegExp(`"AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/${id}"`),
  );

  await fixture.s3.send(new PutBucketPolicyCommand({ Bucket: 'media', Policy: oacPolicy(id) }));
  const granted = await runLint(fixture.dir);
  assert.deepEqual(
    granted.findings.filter((f) => f.code.startsWith('origin-access')),
    [],
    JSON.stringify(granted.findings, null, 2),
  );
  assert.equal((await edgeGet(fixture.edgeUrl, host, '/index.html')).status, 200);
});

test('doctor --config reads bucket CORS set through the S3 API: a rule for another origin is named with GetBucketCors, and the finding clears once a rule matches', async (t) => {
  const fixture = await startControlFixture(t);
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  const created = await fixture.cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'lint-api-cors',
        bucket: 'media',
        // CachingDisabled + CORS-S3Origin: Origin reaches S3, so S3's CORS rules decide the answer.
        cachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        originRequestPolicyId: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
      }),
    }),
  );
  const id = created.Distribution!.Id!;
  await waitUntilDistributionDeployed({ client: fixture.cloudfront, maxWaitTime: 120 }, { Id: id });
  const putCors = (origin: string) =>
    fixture.s3.send(
      new PutBucketCorsCommand({
        Bucket: 'media',
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['GET'] }] },
      }),
    );
  await putCors('https://other.example');
  await writeFile(
    join(fixture.dir, 'doctor.json'),
    JSON.stringify({
      s3: { listen: new URL(fixture.frontgate.s3Url).host, credentials: [CREDENTIALS] },
      doctor: { pageOrigins: ['https://app.example'] },
    }),
  );

  const refused = await runLint(fixture.dir);
  assert.equal(refused.stderr, '');
  const finding = refused.findings.find((f) => f.code === 's3-cors-no-matching-rule');
  assert.ok(finding, JSON.stringify(refused.findings, null, 2));
  assert.match(finding.jsonPath, /^GetBucketCors\(media\) on http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(finding.message, /no CORSRule of media matches https:\/\/app\.example GET/);

  await putCors('https://app.example');
  const allowed = await runLint(fixture.dir);
  assert.deepEqual(
    allowed.findings.filter((f) => f.code === 's3-cors-no-matching-rule'),
    [],
    JSON.stringify(allowed.findings, null, 2),
  );
});

test('doctor --config lints the files alone, with a note, when the instance it names does not answer', async (t) => {
  const fixture = await startControlFixture(t);
  const endpoint = new URL(fixture.frontgate.s3Url).host;
  await fixture.close();
  await writeFile(
    join(fixture.dir, 'doctor.json'),
    JSON.stringify({ s3: { listen: endpoint, credentials: [CREDENTIALS] } }),
  );
  const result = await runLint(fixture.dir);
  assert.match(
    result.stderr,
    /the running instance's API state not read \(http:\/\/127\.0\.0\.1:\d+ did not answer: ECONNREFUSED\)/,
  );
  assert.equal(result.findings[0]?.code, 'no-distributions');
  assert.equal(result.status, 0);
});
