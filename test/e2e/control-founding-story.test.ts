// The founding story driven through the APIs alone, at HTTP level: the bucket, its objects and its CORS
// through the S3 API; the public key, key group, origin access control and distribution (CachingOptimized +
// CORS-With-Preflight) through the CloudFront API. A credentialed request from the page gets
// `Access-Control-Allow-Origin: *` (the step-2 failure); UpdateDistribution adding CORS-S3Origin still
// serves the cached answer; CreateInvalidation, and the answer echoes the page origin with credentials.
// The bucket grants the distribution's origin access control through PutBucketPolicy with the statement the
// CloudFront Developer Guide prints ("Restrict access to an Amazon S3 origin"), naming the created
// distribution's ARN; the config names no bucket, distribution, key or policy.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateInvalidationCommand,
  CreateKeyGroupCommand,
  CreateOriginAccessControlCommand,
  CreatePublicKeyCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
  waitUntilInvalidationCompleted,
} from '@aws-sdk/client-cloudfront';
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { generateKeyPair, getSignedCookies } from '../../src/signer/index.ts';
import { edgeGet, s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';

const scenario = join(import.meta.dirname, '../../examples/junlog');
const CDN_HOST = 'dev.cloudfront.junlog.dev';
const PAGE_ORIGIN = 'https://local.junlog.dev:3000';
const OBJECT = '/videos/course-1/intro.mp4';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CORS_WITH_PREFLIGHT = '5cc3b908-e619-4b99-88e5-2cf7f45965bd';
const CORS_S3_ORIGIN = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';

test('junlog through the APIs: wildcard CORS, still cached after update-distribution, echoed with credentials after create-invalidation', async (t) => {
  const setup = await startControlFixture(t);
  await setup.s3.send(new CreateBucketCommand({ Bucket: 'junlog-media' }));
  await setup.s3.send(
    new PutObjectCommand({
      Bucket: 'junlog-media',
      Key: OBJECT.slice(1),
      Body: 'not really a video',
      ContentType: 'video/mp4',
    }),
  );
  const keys = await generateKeyPair({ type: 'rsa' });
  const cf = setup.cloudfront;
  const publicKey = await cf.send(
    new CreatePublicKeyCommand({
      PublicKeyConfig: { CallerReference: 'junlog-key', Name: 'junlog-key', EncodedKey: keys.publicKeyPem },
    }),
  );
  const keyPairId = publicKey.PublicKey!.Id!;
  const group = await cf.send(
    new CreateKeyGroupCommand({ KeyGroupConfig: { Name: 'junlog', Items: [keyPairId] } }),
  );
  const oac = await cf.send(
    new CreateOriginAccessControlCommand({
      OriginAccessControlConfig: {
        Name: 'junlog-media',
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 's3',
      },
    }),
  );
  const created = await cf.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'junlog-dev-media',
        bucket: 'junlog-media',
        aliases: [CDN_HOST],
        oacId: oac.OriginAccessControl!.Id,
        keyGroupId: group.KeyGroup!.Id,
        cachePolicyId: CACHING_OPTIMIZED,
        responseHeadersPolicyId: CORS_WITH_PREFLIGHT,
      }),
    }),
  );
  const id = created.Distribution!.Id!;
  const fixture = setup;

  await fixture.s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'junlog-media',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCloudFrontServicePrincipalReadOnly',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::junlog-media/*',
            Condition: {
              StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::123456789012:distribution/${id}` },
            },
          },
        ],
      }),
    }),
  );
  const rules = JSON.parse(await readFile(join(scenario, 'bucket-cors.json'), 'utf8'));
  await fixture.s3.send(
    new PutBucketCorsCommand({ Bucket: 'junlog-media', CORSConfiguration: { CORSRules: rules } }),
  );
  await waitUntilDistributionDeployed({ client: fixture.cloudfront, maxWaitTime: 120 }, { Id: id });

  const port = new URL(fixture.edgeUrl).port;
  const signed = getSignedCookies({
    keyPairId,
    privateKey: keys.privateKeyPem,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `http://${CDN_HOST}:${port}/videos/course-1/*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) + 600 } },
        },
      ],
    }),
  });
  const cookie = Object.entries(signed)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const fetchMedia = () =>
    edgeGet(fixture.edgeUrl, `${CDN_HOST}:${port}`, OBJECT, { origin: PAGE_ORIGIN, cookie });

  const withoutCookies = await edgeGet(fixture.edgeUrl, `${CDN_HOST}:${port}`, OBJECT, {
    origin: PAGE_ORIGIN,
  });
  assert.equal(withoutCookies.status, 403);
  assert.match(withoutCookies.body, /<Code>MissingKey<\/Code>/);

  // Step 2: S3 never saw Origin (no origin request policy); the response headers policy adds `*`.
  const before = await fetchMedia();
  assert.equal(before.status, 200, before.body);
  assert.equal(before.body, 'not really a video');
  assert.equal(before.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(before.headers['access-control-allow-origin'], '*');
  assert.equal(before.headers['access-control-allow-credentials'], undefined);

  // Step 3: update-distribution adds CORS-S3Origin; CachingOptimized keeps Origin out of the cache key.
  const config = await fixture.cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
  const behavior = config.DistributionConfig!.DefaultCacheBehavior!;
  await fixture.cloudfront.send(
    new UpdateDistributionCommand({
      Id: id,
      IfMatch: config.ETag,
      DistributionConfig: {
        ...config.DistributionConfig!,
        DefaultCacheBehavior: { ...behavior, OriginRequestPolicyId: CORS_S3_ORIGIN },
      },
    }),
  );
  await waitUntilDistributionDeployed({ client: fixture.cloudfront, maxWaitTime: 120 }, { Id: id });
  const stillCached = await fetchMedia();
  assert.equal(stillCached.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(stillCached.headers['access-control-allow-origin'], '*');

  // Step 4: create-invalidation /* → the origin sees Origin and echoes it with credentials.
  const invalidation = await fixture.cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: id,
      InvalidationBatch: { CallerReference: 'junlog-fix', Paths: { Quantity: 1, Items: ['/*'] } },
    }),
  );
  await waitUntilInvalidationCompleted(
    { client: fixture.cloudfront, maxWaitTime: 120 },
    { DistributionId: id, Id: invalidation.Invalidation!.Id },
  );
  const fixed = await fetchMedia();
  assert.equal(fixed.status, 200);
  assert.equal(fixed.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(fixed.headers['access-control-allow-origin'], PAGE_ORIGIN);
  assert.equal(fixed.headers['access-control-allow-credentials'], 'true');
});
