// The request doctor names a CloudFront function as the root cause when it removed what the browser
// needed: a viewer-request function deleting Origin (the S3 origin then answers without CORS headers), and
// a viewer-response function deleting Access-Control-Allow-Origin. Real edge, real S3 CORS, real trace.

import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateFunctionCommand,
  PublishFunctionCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { diagnose } from '../../src/doctor/index.ts';
import { s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';

const PAGE = 'https://app.example.test';
const CORS_S3_ORIGIN = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';

async function siteWithFunction(
  t: TestContext,
  name: string,
  eventType: 'viewer-request' | 'viewer-response',
  code: string,
  headers: readonly (readonly [string, string])[] = [],
) {
  const fixture = await startControlFixture(t);
  const { cloudfront, s3 } = fixture;
  await s3.send(new CreateBucketCommand({ Bucket: 'cors-site' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'cors-site', Key: 'data.json', Body: '{}', ACL: 'public-read' }),
  );
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: 'cors-site',
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: [PAGE], AllowedMethods: ['GET'], AllowedHeaders: ['x-app'] }],
      },
    }),
  );
  const fn = await cloudfront.send(
    new CreateFunctionCommand({
      Name: name,
      FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: new TextEncoder().encode(code),
    }),
  );
  await cloudfront.send(new PublishFunctionCommand({ Name: name, IfMatch: fn.ETag }));
  const base = s3DistributionConfig({
    callerReference: name,
    bucket: 'cors-site',
    aliases: ['cdn.app.example.test'],
    originRequestPolicyId: CORS_S3_ORIGIN,
  });
  await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        ...base,
        DefaultCacheBehavior: {
          ...base.DefaultCacheBehavior,
          FunctionAssociations: {
            Quantity: 1,
            Items: [
              { FunctionARN: `arn:aws:cloudfront::123456789012:function/${name}`, EventType: eventType },
            ],
          },
        },
      },
    }),
  );
  const port = new URL(fixture.edgeUrl).port;
  return diagnose({
    pageOrigin: PAGE,
    url: `http://cdn.app.example.test:${port}/data.json`,
    credentials: 'omit',
    headers,
    resolve: [{ host: 'cdn.app.example.test', address: '127.0.0.1' }],
    adminUrl: fixture.frontgate.adminUrl,
  });
}

test('a viewer-request function that deletes Origin is named as the root cause', async (t) => {
  const report = await siteWithFunction(
    t,
    'strip-origin',
    'viewer-request',
    'function handler(event) { delete event.request.headers.origin; return event.request; }',
  );
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'function-removed-header');
  assert.equal(report.rootCause.stage, 'cloudfront-function');
  assert.match(
    report.rootCause.explanation,
    /viewer-request CloudFront function "strip-origin" removed origin/,
  );
  assert.match(report.rootCause.fix, /publish-function/);
});

test('a viewer-response function that deletes Access-Control-Allow-Origin is named as the root cause', async (t) => {
  const report = await siteWithFunction(
    t,
    'strip-cors',
    'viewer-response',
    "function handler(event) { delete event.response.headers['access-control-allow-origin']; return event.response; }",
  );
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'function-removed-header');
  assert.match(
    report.rootCause.explanation,
    /viewer-response CloudFront function "strip-cors" removed access-control-allow-origin: https:\/\/app\.example\.test/,
  );
});

test('a function that leaves the CORS headers alone is not blamed', async (t) => {
  const report = await siteWithFunction(
    t,
    'harmless',
    'viewer-request',
    "function handler(event) { event.request.headers['x-seen'] = { value: '1' }; return event.request; }",
  );
  assert.equal(report.verdict, 'ok');
  assert.equal(report.rootCause.code, 'ok');
});

test('a viewer-request function that deletes Origin from the preflight is named as the root cause', async (t) => {
  const report = await siteWithFunction(
    t,
    'strip-preflight-origin',
    'viewer-request',
    'function handler(event) { delete event.request.headers.origin; return event.request; }',
    [['x-app', '1']],
  );
  assert.equal(report.request.preflight, true);
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'function-removed-header');
  assert.match(report.rootCause.explanation, /"strip-preflight-origin" removed origin/);
});
