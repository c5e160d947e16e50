// CloudFront Functions driven by the real AWS CLI v2 (/usr/bin/aws) against Frontgate: create-function,
// publish-function, create-distribution associating it, then `aws cloudfront test-function` on the very
// event the edge handed the function (taken from the edge's trace) gives the FunctionOutput the edge ran.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CREDENTIALS,
  edgeGet,
  s3DistributionConfig,
  startControlFixture,
} from '../support/control-fixture.ts';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';

const FUNCTION = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  request.headers['x-viewer-country'] = { value: 'NL' };
  request.querystring.lang = { value: 'nl' };
  console.log('rewrote to ' + request.uri);
  return request;
}`;

test('aws cloudfront test-function gives the FunctionOutput the edge produced for the same event', {
  skip: existsSync(AWS) ? false : `${AWS} is not installed`,
}, async (t) => {
  const fixture = await startControlFixture(t);
  const { dir, edgeUrl } = fixture;
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'cli-site' }));
  await fixture.s3.send(
    new PutObjectCommand({
      Bucket: 'cli-site',
      Key: 'docs/index.html',
      Body: 'docs home',
      ACL: 'public-read',
    }),
  );
  await writeFile(join(dir, 'config'), '[default]\n');
  await writeFile(join(dir, 'fn.js'), FUNCTION);
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
      AWS,
      ['--endpoint-url', fixture.frontgate.s3Url, '--output', 'json', 'cloudfront', ...args],
      { env, cwd: dir },
    );
    return stdout.trim() === '' ? {} : JSON.parse(stdout);
  };

  const created = await aws(
    'create-function',
    '--name',
    'docs-rewrite',
    '--function-config',
    'Comment=docs,Runtime=cloudfront-js-2.0',
    '--function-code',
    'fileb://fn.js',
  );
  assert.equal(created.FunctionSummary.Status, 'UNPUBLISHED');
  const published = await aws('publish-function', '--name', 'docs-rewrite', '--if-match', created.ETag);
  assert.equal(published.FunctionSummary.FunctionMetadata.Stage, 'LIVE');
  await run(
    AWS,
    [
      '--endpoint-url',
      fixture.frontgate.s3Url,
      'cloudfront',
      'get-function',
      '--name',
      'docs-rewrite',
      '--stage',
      'LIVE',
      join(dir, 'fetched.js'),
    ],
    { env, cwd: dir },
  );
  assert.equal(await readFile(join(dir, 'fetched.js'), 'utf8'), FUNCTION);

  const base = s3DistributionConfig({ callerReference: 'cli-fn-1', bucket: 'cli-site' });
  await writeFile(
    join(dir, 'distribution.json'),
    JSON.stringify({
      ...base,
      DefaultCacheBehavior: {
        ...base.DefaultCacheBehavior,
        FunctionAssociations: {
          Quantity: 1,
          Items: [
            {
              FunctionARN: published.FunctionSummary.FunctionMetadata.FunctionARN,
              EventType: 'viewer-request',
            },
          ],
        },
      },
    }),
  );
  const distribution = await aws('create-distribution', '--distribution-config', 'file://distribution.json');
  const host = distribution.Distribution.DomainName as string;

  const answer = await edgeGet(edgeUrl, host, '/docs/?page=2', { 'x-frontgate-trace': '1' });
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'docs home');
  const traceId = answer.headers['x-frontgate-trace-id'] as string;
  const trace = (await (
    await fetch(`${fixture.frontgate.adminUrl}/traces/${encodeURIComponent(traceId)}`)
  ).json()) as { entries: { stage: string; event?: unknown; output?: unknown; logs?: string[] }[] };
  const stage = trace.entries.find((e) => e.stage === 'viewer-request-function');
  assert.ok(stage?.event, JSON.stringify(trace.entries.map((e) => e.stage)));

  await writeFile(join(dir, 'event.json'), JSON.stringify(stage.event));
  const live = await aws('describe-function', '--name', 'docs-rewrite', '--stage', 'LIVE');
  const tested = await aws(
    'test-function',
    '--name',
    'docs-rewrite',
    '--if-match',
    live.ETag,
    '--stage',
    'LIVE',
    '--event-object',
    'fileb://event.json',
  );
  const result = tested.TestResult;
  assert.equal(result.FunctionErrorMessage, '');
  assert.deepEqual(JSON.parse(result.FunctionOutput), { request: stage.output });
  assert.deepEqual(result.FunctionExecutionLogs, stage.logs);
  assert.deepEqual(result.FunctionExecutionLogs, ['rewrote to /docs/index.html']);
  assert.match(result.ComputeUtilization, /^\d+$/);
});

const AWS_V1 = '/root/.pyenv/shims/aws';

test('the AWS CLI creates a key value store from an S3 import file, describes, lists and deletes it', {
  skip: existsSync(AWS_V1) ? false : `${AWS_V1} (a CLI that knows key value stores) is not installed`,
}, async (t) => {
  const fixture = await startControlFixture(t);
  const { dir } = fixture;
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'kvs-config' }));
  await fixture.s3.send(
    new PutObjectCommand({
      Bucket: 'kvs-config',
      Key: 'table.json',
      Body: JSON.stringify({ data: [{ key: 'a', value: '1' }] }),
    }),
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
      AWS_V1,
      ['--endpoint-url', fixture.frontgate.s3Url, '--output', 'json', 'cloudfront', ...args],
      { env, cwd: dir },
    );
    return stdout.trim() === '' ? {} : JSON.parse(stdout);
  };
  const created = await aws(
    'create-key-value-store',
    '--name',
    'table',
    '--import-source',
    'SourceType=S3,SourceARN=arn:aws:s3:::kvs-config/table.json',
  );
  assert.equal(created.KeyValueStore.Name, 'table');
  assert.equal(created.KeyValueStore.Status, 'READY');
  const described = await aws('describe-key-value-store', '--name', 'table');
  assert.equal(described.KeyValueStore.ARN, created.KeyValueStore.ARN);
  const listed = await aws('list-key-value-stores');
  assert.deepEqual(
    listed.KeyValueStoreList.Items.map((s: { Name: string }) => s.Name),
    ['table'],
  );
  await aws('delete-key-value-store', '--name', 'table', '--if-match', described.ETag);
  await assert.rejects(aws('describe-key-value-store', '--name', 'table'), (error: { stderr?: string }) =>
    /EntityNotFound/.test(String(error.stderr)),
  );
});
