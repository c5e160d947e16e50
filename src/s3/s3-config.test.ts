import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createConfigContext } from '../config/config-context.ts';
import { ConfigError } from '../config/config-error.ts';
import { DEFAULT_S3_CREDENTIAL, parseS3Config } from './s3-config.ts';

const junlogCors = join(import.meta.dirname, '../../examples/junlog/bucket-cors.json');

test('an empty section gives the documented defaults', () => {
  const config = parseS3Config({}, createConfigContext('/tmp'));
  assert.deepEqual(config.listen, { host: '127.0.0.1', port: 9000 });
  assert.equal(config.region, 'us-east-1');
  assert.deepEqual(config.credentials, [DEFAULT_S3_CREDENTIAL]);
  assert.deepEqual(config.buckets, []);
});

test('bucket CORS can be a file relative to the config, in console array form', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 's3-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'cors.json'),
    await import('node:fs/promises').then((fs) => fs.readFile(junlogCors)),
  );
  const config = parseS3Config(
    {
      listen: '0.0.0.0:0',
      region: 'ap-northeast-2',
      buckets: [
        { name: 'junlog-media', acl: 'private', cors: 'cors.json', allowedDistributions: ['E1JUNLOGDEV'] },
      ],
    },
    createConfigContext(dir),
  );
  assert.deepEqual(config.listen, { host: '0.0.0.0', port: 0 });
  assert.equal(config.buckets[0].cors?.[0].AllowedOrigins[0], 'https://local.junlog.dev:3000');
  assert.deepEqual(config.buckets[0].allowedDistributionIds, ['E1JUNLOGDEV']);
});

test('inline {"CORSRules": [...]} is accepted', () => {
  const config = parseS3Config(
    {
      buckets: [{ name: 'media', cors: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }],
    },
    createConfigContext('/tmp'),
  );
  assert.deepEqual(config.buckets[0].cors?.[0].AllowedMethods, ['GET']);
});

test('originAccessListBucket defaults to false and accepts true', () => {
  const config = parseS3Config(
    { buckets: [{ name: 'plain' }, { name: 'listed', originAccessListBucket: true }] },
    createConfigContext('/tmp'),
  );
  assert.equal(config.buckets[0].originAccessListBucket, false);
  assert.equal(config.buckets[1].originAccessListBucket, true);
});

test('errors name the JSON path', () => {
  const ctx = createConfigContext('/nonexistent-dir');
  const cases: [unknown, string][] = [
    [{ listen: 'nope' }, 's3.listen'],
    [{ credentials: [{ accessKeyId: 'a' }] }, 's3.credentials[0].secretAccessKey'],
    [{ buckets: [{ name: 'Bad_Name' }] }, 's3.buckets[0].name'],
    [{ buckets: [{ name: 'ok-name', acl: 'public' }] }, 's3.buckets[0].acl'],
    [{ buckets: [{ name: 'ok-name', cors: 'missing.json' }] }, 's3.buckets[0].cors'],
    [
      { buckets: [{ name: 'ok-name', cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] }] },
      's3.buckets[0].cors',
    ],
    [{ buckets: [{ name: 'ok-name' }, { name: 'ok-name' }] }, 's3.buckets[1].name'],
    [
      { buckets: [{ name: 'ok-name', originAccessListBucket: 'yes' }] },
      's3.buckets[0].originAccessListBucket',
    ],
    [{ unknown: 1 }, 's3.unknown'],
  ];
  for (const [raw, path] of cases) {
    assert.throws(
      () => parseS3Config(raw, ctx),
      (e: unknown) => e instanceof ConfigError && e.jsonPath === path,
      path,
    );
  }
});

test('allowedDistributions stands for the OAC bucket policy statement naming each distribution ARN', () => {
  const config = parseS3Config(
    {
      accountId: '111122223333',
      buckets: [
        { name: 'media', allowedDistributions: ['E1', 'E2'], originAccessListBucket: true },
        { name: 'plain' },
      ],
    },
    createConfigContext('/tmp'),
  );
  const policy = JSON.parse(config.buckets[0].policy ?? 'null');
  assert.deepEqual(
    policy.Statement.map((s: { Action: unknown; Resource: string }) => [s.Action, s.Resource]),
    [
      [
        ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        'arn:aws:s3:::media/*',
      ],
      ['s3:ListBucket', 'arn:aws:s3:::media'],
    ],
  );
  assert.deepEqual(policy.Statement[0].Condition.StringEquals['AWS:SourceArn'], [
    'arn:aws:cloudfront::111122223333:distribution/E1',
    'arn:aws:cloudfront::111122223333:distribution/E2',
  ]);
  assert.equal(config.buckets[1].policy, null);
  assert.equal(config.accountId, '111122223333');
});

test('a bucket policy in the config is checked as PutBucketPolicy checks it, and merged with allowedDistributions', () => {
  const config = parseS3Config(
    {
      buckets: [
        {
          name: 'media',
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::media/*' },
            ],
          },
          allowedDistributions: ['E1'],
        },
      ],
    },
    createConfigContext('/tmp'),
  );
  assert.deepEqual(
    JSON.parse(config.buckets[0].policy ?? 'null').Statement.map((s: { Effect: string }) => s.Effect),
    ['Deny', 'Allow'],
  );
  assert.throws(
    () =>
      parseS3Config(
        {
          buckets: [
            {
              name: 'media',
              policy: {
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: '*',
                    Action: 's3:GetObject',
                    Resource: 'arn:aws:s3:::other/*',
                  },
                ],
              },
            },
          ],
        },
        createConfigContext('/tmp'),
      ),
    (e: unknown) =>
      e instanceof ConfigError &&
      /s3\.buckets\[0\]\.policy/.test(e.message) &&
      /Policy has invalid resource/.test(e.message),
  );
  assert.throws(
    () => parseS3Config({ accountId: '12345' }, createConfigContext('/tmp')),
    (e: unknown) => e instanceof ConfigError && /s3\.accountId/.test(e.message),
  );
});
