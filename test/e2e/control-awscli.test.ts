// The CloudFront control API driven by the real AWS CLI — Debian's v2 (/usr/bin/aws) and pip's v1
// (/root/.pyenv/shims/aws) — with --endpoint-url pointed at Frontgate's S3 listener and the S3
// credentials: create, wait, get, update (with and without a current ETag), invalidate, wait, disable,
// delete, and the CLI's create/update shortcuts; the edge serves what the CLI created.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CREDENTIALS,
  edgeGet,
  s3DistributionConfig,
  startControlFixture,
} from '../support/control-fixture.ts';

const run = promisify(execFile);

const CLIS = [
  { binary: '/usr/bin/aws', label: 'AWS CLI v2 (Debian awscli)' },
  { binary: '/root/.pyenv/shims/aws', label: 'AWS CLI v1 (pip)' },
];

for (const cli of CLIS) {
  const absent = existsSync(cli.binary) ? false : `${cli.binary} is not installed`;
  test(`${cli.label} creates, waits, updates, invalidates and deletes a distribution the edge serves`, {
    skip: absent,
  }, async (t) => {
    await cliSession(t, cli.binary);
  });
}

async function cliSession(t: TestContext, binary: string): Promise<void> {
  const fixture = await startControlFixture(t);
  const { dir, edgeUrl } = fixture;
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'cli-media' }));
  await fixture.s3.send(
    new PutObjectCommand({ Bucket: 'cli-media', Key: 'a.txt', Body: 'first', ACL: 'public-read' }),
  );
  await writeFile(join(dir, 'config'), '[default]\n');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  // biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output is read by path, as a script would
  const aws = async (...args: string[]): Promise<Record<string, any>> => {
    const { stdout } = await run(
      binary,
      ['--endpoint-url', fixture.frontgate.s3Url, '--output', 'json', ...args],
      {
        env,
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return stdout.trim() === '' ? {} : JSON.parse(stdout);
  };
  const awsFails = async (...args: string[]): Promise<string> => {
    try {
      await aws(...args);
    } catch (error) {
      return String((error as { stderr?: string }).stderr);
    }
    throw new Error(`aws ${args.join(' ')} succeeded`);
  };

  await writeFile(
    join(dir, 'distribution.json'),
    JSON.stringify(
      s3DistributionConfig({ callerReference: 'cli', bucket: 'cli-media', aliases: ['cli.example.test'] }),
    ),
  );
  const created = await aws(
    'cloudfront',
    'create-distribution',
    '--distribution-config',
    'file://distribution.json',
  );
  const id = created.Distribution.Id as string;
  assert.equal(created.Distribution.Status, 'InProgress');
  assert.match(created.ETag, /^E[A-Z0-9]{13}$/);
  const started = Date.now();
  await aws('cloudfront', 'wait', 'distribution-deployed', '--id', id);
  assert.ok(Date.now() - started < 15_000, 'wait distribution-deployed ends in seconds');
  assert.equal((await aws('cloudfront', 'get-distribution', '--id', id)).Distribution.Status, 'Deployed');
  assert.equal((await edgeGet(edgeUrl, 'cli.example.test', '/a.txt')).body, 'first');

  const current = await aws('cloudfront', 'get-distribution-config', '--id', id);
  await writeFile(
    join(dir, 'updated.json'),
    JSON.stringify({ ...current.DistributionConfig, Comment: 'updated by the CLI' }),
  );
  const stale = await awsFails(
    'cloudfront',
    'update-distribution',
    '--id',
    id,
    '--if-match',
    'ENOTTHEETAG0000',
    '--distribution-config',
    'file://updated.json',
  );
  assert.match(stale, /PreconditionFailed/);
  const updated = await aws(
    'cloudfront',
    'update-distribution',
    '--id',
    id,
    '--if-match',
    current.ETag,
    '--distribution-config',
    'file://updated.json',
  );
  assert.equal(updated.Distribution.DistributionConfig.Comment, 'updated by the CLI');
  assert.notEqual(updated.ETag, current.ETag);

  await fixture.s3.send(
    new PutObjectCommand({ Bucket: 'cli-media', Key: 'a.txt', Body: 'second', ACL: 'public-read' }),
  );
  assert.equal((await edgeGet(edgeUrl, 'cli.example.test', '/a.txt')).body, 'first', 'still cached');
  const invalidation = await aws(
    'cloudfront',
    'create-invalidation',
    '--distribution-id',
    id,
    '--paths',
    '/a.txt',
  );
  assert.equal(invalidation.Invalidation.Status, 'InProgress');
  await aws(
    'cloudfront',
    'wait',
    'invalidation-completed',
    '--distribution-id',
    id,
    '--id',
    invalidation.Invalidation.Id,
  );
  const got = await aws(
    'cloudfront',
    'get-invalidation',
    '--distribution-id',
    id,
    '--id',
    invalidation.Invalidation.Id,
  );
  assert.equal(got.Invalidation.Status, 'Completed');
  assert.equal((await edgeGet(edgeUrl, 'cli.example.test', '/a.txt')).body, 'second');
  const listed = await aws('cloudfront', 'list-invalidations', '--distribution-id', id);
  assert.deepEqual(
    listed.InvalidationList.Items.map((i: { Status: string }) => i.Status),
    ['Completed'],
  );

  const found = await aws(
    'cloudfront',
    'list-distributions',
    '--query',
    "DistributionList.Items[?Aliases.Items[0]=='cli.example.test'].Id",
  );
  assert.deepEqual(found, [id]);

  const enabled = await awsFails('cloudfront', 'delete-distribution', '--id', id, '--if-match', updated.ETag);
  assert.match(enabled, /DistributionNotDisabled/);
  const before = await aws('cloudfront', 'get-distribution-config', '--id', id);
  await writeFile(
    join(dir, 'disabled.json'),
    JSON.stringify({ ...before.DistributionConfig, Enabled: false }),
  );
  const disabled = await aws(
    'cloudfront',
    'update-distribution',
    '--id',
    id,
    '--if-match',
    before.ETag,
    '--distribution-config',
    'file://disabled.json',
  );
  await aws('cloudfront', 'wait', 'distribution-deployed', '--id', id);
  await aws('cloudfront', 'delete-distribution', '--id', id, '--if-match', disabled.ETag);
  assert.match(await awsFails('cloudfront', 'get-distribution', '--id', id), /NoSuchDistribution/);

  // The CLI's shortcuts: a distribution from --origin-domain-name (its template uses the legacy
  // ForwardedValues / TrustedSigners / MinTTL settings), and update-distribution --default-root-object
  // (the CLI fetches the config and ETag itself).
  const quick = await aws(
    'cloudfront',
    'create-distribution',
    '--origin-domain-name',
    'cli-media.s3.amazonaws.com',
    '--default-root-object',
    'index.html',
  );
  assert.equal(quick.Distribution.DistributionConfig.DefaultCacheBehavior.ForwardedValues.QueryString, false);
  const rooted = await aws(
    'cloudfront',
    'update-distribution',
    '--id',
    quick.Distribution.Id,
    '--default-root-object',
    'a.txt',
  );
  assert.equal(rooted.Distribution.DistributionConfig.DefaultRootObject, 'a.txt');
}
