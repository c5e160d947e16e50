// CloudFront Functions through the control API with the real JavaScript SDK: the DEVELOPMENT → LIVE
// lifecycle with its ETags, TestFunction's output, the size quota refused at create, and a published
// viewer-request function that an API-created distribution runs on the real edge listener.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DescribeFunctionCommand,
  GetDistributionConfigCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  UpdateDistributionCommand,
  UpdateFunctionCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { edgeGet, s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';

const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  console.log('uri ' + request.uri);
  return request;
}`;

const code = (text: string) => new TextEncoder().encode(text);

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

test('a function goes from DEVELOPMENT to LIVE with its own ETags, and TestFunction runs the stage asked for', async (t) => {
  const { cloudfront } = await startControlFixture(t);
  const created = await cloudfront.send(
    new CreateFunctionCommand({
      Name: 'spa-rewrite',
      FunctionConfig: { Comment: 'rewrite / to /index.html', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: code(SPA_REWRITE),
    }),
  );
  assert.equal(created.$metadata.httpStatusCode, 201);
  assert.equal(created.FunctionSummary?.Status, 'UNPUBLISHED');
  assert.equal(created.FunctionSummary?.FunctionMetadata?.Stage, 'DEVELOPMENT');
  assert.equal(
    created.FunctionSummary?.FunctionMetadata?.FunctionARN,
    'arn:aws:cloudfront::123456789012:function/spa-rewrite',
  );
  assert.ok(created.ETag);

  assert.equal(
    (
      await errorOf(
        cloudfront.send(
          new CreateFunctionCommand({
            Name: 'spa-rewrite',
            FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
            FunctionCode: code(SPA_REWRITE),
          }),
        ),
      )
    ).name,
    'FunctionAlreadyExists',
  );
  assert.deepEqual(
    await errorOf(cloudfront.send(new GetFunctionCommand({ Name: 'spa-rewrite', Stage: 'LIVE' }))),
    { name: 'NoSuchFunctionExists', status: 404 },
  );
  const development = await cloudfront.send(new GetFunctionCommand({ Name: 'spa-rewrite' }));
  assert.equal(new TextDecoder().decode(development.FunctionCode), SPA_REWRITE);
  assert.equal(development.ETag, created.ETag);

  const event = JSON.stringify({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.7' },
    request: { method: 'GET', uri: '/docs/', querystring: {}, headers: {}, cookies: {} },
  });
  assert.equal(
    (
      await errorOf(
        cloudfront.send(
          new TestFunctionCommand({ Name: 'spa-rewrite', IfMatch: 'ESTALE', EventObject: code(event) }),
        ),
      )
    ).name,
    'PreconditionFailed',
  );
  const tested = await cloudfront.send(
    new TestFunctionCommand({ Name: 'spa-rewrite', IfMatch: created.ETag, EventObject: code(event) }),
  );
  const output = JSON.parse(tested.TestResult?.FunctionOutput ?? '{}');
  assert.equal(output.request.uri, '/docs/index.html');
  assert.deepEqual(tested.TestResult?.FunctionExecutionLogs, ['uri /docs/index.html']);
  assert.equal(tested.TestResult?.FunctionErrorMessage, '');
  assert.match(tested.TestResult?.ComputeUtilization ?? '', /^\d+$/);

  assert.equal(
    (
      await errorOf(
        cloudfront.send(
          new UpdateFunctionCommand({
            Name: 'spa-rewrite',
            IfMatch: 'ESTALE',
            FunctionConfig: { Comment: 'x', Runtime: 'cloudfront-js-2.0' },
            FunctionCode: code(SPA_REWRITE),
          }),
        ),
      )
    ).name,
    'PreconditionFailed',
  );
  // Code that fails at run time is stored (CloudFront refuses only the size quota); TestFunction shows why.
  const broken = await cloudfront.send(
    new UpdateFunctionCommand({
      Name: 'spa-rewrite',
      IfMatch: created.ETag,
      FunctionConfig: { Comment: 'broken', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: code('function handler(event) { throw new Error("boom"); }'),
    }),
  );
  assert.notEqual(broken.ETag, created.ETag);
  const failed = await cloudfront.send(
    new TestFunctionCommand({ Name: 'spa-rewrite', IfMatch: broken.ETag, EventObject: code(event) }),
  );
  assert.match(failed.TestResult?.FunctionErrorMessage ?? '', /boom/);
  assert.equal(failed.TestResult?.FunctionOutput, '');

  const fixed = await cloudfront.send(
    new UpdateFunctionCommand({
      Name: 'spa-rewrite',
      IfMatch: broken.ETag,
      FunctionConfig: { Comment: 'rewrite / to /index.html', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: code(SPA_REWRITE),
    }),
  );
  const published = await cloudfront.send(
    new PublishFunctionCommand({ Name: 'spa-rewrite', IfMatch: fixed.ETag }),
  );
  assert.equal(published.FunctionSummary?.Status, 'UNASSOCIATED');
  assert.equal(published.FunctionSummary?.FunctionMetadata?.Stage, 'LIVE');
  const live = await cloudfront.send(new DescribeFunctionCommand({ Name: 'spa-rewrite', Stage: 'LIVE' }));
  assert.ok(live.ETag);
  assert.notEqual(live.ETag, fixed.ETag);
  const liveTest = await cloudfront.send(
    new TestFunctionCommand({
      Name: 'spa-rewrite',
      Stage: 'LIVE',
      IfMatch: live.ETag,
      EventObject: code(event),
    }),
  );
  assert.equal(JSON.parse(liveTest.TestResult?.FunctionOutput ?? '{}').request.uri, '/docs/index.html');

  const listed = await cloudfront.send(new ListFunctionsCommand({ Stage: 'LIVE' }));
  assert.deepEqual(
    listed.FunctionList?.Items?.map((f) => f.Name),
    ['spa-rewrite'],
  );
  await cloudfront.send(new DeleteFunctionCommand({ Name: 'spa-rewrite', IfMatch: fixed.ETag }));
  assert.equal(
    (await errorOf(cloudfront.send(new DescribeFunctionCommand({ Name: 'spa-rewrite' })))).name,
    'NoSuchFunctionExists',
  );
});

test('code over the 10 KB quota is refused at create with FunctionSizeLimitExceeded', async (t) => {
  const { cloudfront } = await startControlFixture(t);
  const big = `function handler(event) { return event.request; }\n//${'x'.repeat(10 * 1024)}`;
  assert.deepEqual(
    await errorOf(
      cloudfront.send(
        new CreateFunctionCommand({
          Name: 'too-big',
          FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
          FunctionCode: code(big),
        }),
      ),
    ),
    { name: 'FunctionSizeLimitExceeded', status: 413 },
  );
  assert.equal(
    (
      await errorOf(
        cloudfront.send(
          new CreateFunctionCommand({
            Name: 'bad-runtime',
            FunctionConfig: { Comment: '', Runtime: 'nodejs20.x' as 'cloudfront-js-2.0' },
            FunctionCode: code('function handler(e) { return e.request; }'),
          }),
        ),
      )
    ).name,
    'InvalidArgument',
  );
});

test('an API-created distribution runs its published viewer-request function on the edge: / serves /index.html', async (t) => {
  const { cloudfront, s3, edgeUrl } = await startControlFixture(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'spa-site' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'spa-site',
      Key: 'index.html',
      Body: '<h1>home</h1>',
      ContentType: 'text/html',
      ACL: 'public-read',
    }),
  );
  const created = await cloudfront.send(
    new CreateFunctionCommand({
      Name: 'spa-rewrite',
      FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: code(SPA_REWRITE),
    }),
  );
  const association = {
    Quantity: 1,
    Items: [
      {
        FunctionARN: 'arn:aws:cloudfront::123456789012:function/spa-rewrite',
        EventType: 'viewer-request' as const,
      },
    ],
  };
  const base = s3DistributionConfig({ callerReference: 'spa-1', bucket: 'spa-site' });
  const config = {
    ...base,
    DefaultCacheBehavior: { ...base.DefaultCacheBehavior, FunctionAssociations: association },
  };
  // Not yet published: the distribution cannot associate it.
  assert.deepEqual(
    await errorOf(cloudfront.send(new CreateDistributionCommand({ DistributionConfig: config }))),
    { name: 'NoSuchFunctionExists', status: 404 },
  );
  await cloudfront.send(new PublishFunctionCommand({ Name: 'spa-rewrite', IfMatch: created.ETag }));
  const distribution = await cloudfront.send(new CreateDistributionCommand({ DistributionConfig: config }));
  const host = distribution.Distribution?.DomainName as string;
  const home = await edgeGet(edgeUrl, host, '/');
  assert.equal(home.status, 200);
  assert.equal(home.body, '<h1>home</h1>');

  const live = await cloudfront.send(new DescribeFunctionCommand({ Name: 'spa-rewrite', Stage: 'LIVE' }));
  assert.equal(live.FunctionSummary?.Status, 'DEPLOYED');
  const dev = await cloudfront.send(new DescribeFunctionCommand({ Name: 'spa-rewrite' }));
  assert.deepEqual(
    await errorOf(cloudfront.send(new DeleteFunctionCommand({ Name: 'spa-rewrite', IfMatch: dev.ETag }))),
    { name: 'FunctionInUse', status: 409 },
  );

  // Publishing new code changes what the edge runs, without touching the distribution.
  const updated = await cloudfront.send(
    new UpdateFunctionCommand({
      Name: 'spa-rewrite',
      IfMatch: dev.ETag,
      FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: code(
        'function handler(event) { return { statusCode: 302, statusDescription: "Found", headers: { location: { value: "/moved" } } }; }',
      ),
    }),
  );
  await cloudfront.send(new PublishFunctionCommand({ Name: 'spa-rewrite', IfMatch: updated.ETag }));
  const moved = await edgeGet(edgeUrl, host, '/');
  assert.equal(moved.status, 302);
  assert.equal(moved.headers.location, '/moved');

  // An update naming a function that does not exist is refused.
  const current = await cloudfront.send(
    new GetDistributionConfigCommand({ Id: distribution.Distribution?.Id }),
  );
  const wrong = {
    ...config,
    DefaultCacheBehavior: {
      ...config.DefaultCacheBehavior,
      FunctionAssociations: {
        Quantity: 1,
        Items: [
          {
            FunctionARN: 'arn:aws:cloudfront::123456789012:function/nope',
            EventType: 'viewer-request' as const,
          },
        ],
      },
    },
  };
  assert.deepEqual(
    await errorOf(
      cloudfront.send(
        new UpdateDistributionCommand({
          Id: distribution.Distribution?.Id,
          IfMatch: current.ETag,
          DistributionConfig: wrong,
        }),
      ),
    ),
    { name: 'NoSuchFunctionExists', status: 404 },
  );
});

test('functions of edge.functions are listed, readable and testable through the API, and read-only there', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-fnapi-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'spa.js'), SPA_REWRITE);
  const { cloudfront } = await startControlFixture(t, {
    dir,
    config: { edge: { functions: [{ Name: 'file-spa', Code: 'spa.js' }] } },
  });
  const listed = await cloudfront.send(new ListFunctionsCommand({ Stage: 'LIVE' }));
  assert.deepEqual(
    listed.FunctionList?.Items?.map((f) => [f.Name, f.Status]),
    [['file-spa', 'UNASSOCIATED']],
  );
  const got = await cloudfront.send(new GetFunctionCommand({ Name: 'file-spa', Stage: 'LIVE' }));
  assert.equal(new TextDecoder().decode(got.FunctionCode), SPA_REWRITE);
  const tested = await cloudfront.send(
    new TestFunctionCommand({
      Name: 'file-spa',
      Stage: 'LIVE',
      IfMatch: got.ETag,
      EventObject: code(JSON.stringify({ request: { uri: '/a/' } })),
    }),
  );
  assert.equal(JSON.parse(tested.TestResult?.FunctionOutput ?? '{}').request.uri, '/a/index.html');
  assert.deepEqual(
    await errorOf(
      cloudfront.send(
        new UpdateFunctionCommand({
          Name: 'file-spa',
          IfMatch: got.ETag,
          FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
          FunctionCode: code(SPA_REWRITE),
        }),
      ),
    ),
    { name: 'IllegalUpdate', status: 400 },
  );
  assert.deepEqual(
    await errorOf(cloudfront.send(new DeleteFunctionCommand({ Name: 'file-spa', IfMatch: got.ETag }))),
    { name: 'IllegalDelete', status: 400 },
  );
  assert.equal(
    (
      await errorOf(
        cloudfront.send(
          new CreateFunctionCommand({
            Name: 'file-spa',
            FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
            FunctionCode: code(SPA_REWRITE),
          }),
        ),
      )
    ).name,
    'FunctionAlreadyExists',
  );
});
