// The control API's state: persisted in node:sqlite under dataDir (a restart serves and lists the same
// distributions), resources from the config file listed but read-only, managed policies listed under their
// real ids and never changed, and the one endpoint telling S3 from CloudFront by the credential scope.

import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import {
  CreateDistributionCommand,
  CreateKeyGroupCommand,
  CreatePublicKeyCommand,
  CreateDistributionWithTagsCommand,
  ListTagsForResourceCommand,
  DeleteCachePolicyCommand,
  GetCachePolicyCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListCachePoliciesCommand,
  ListDistributionsCommand,
  ListOriginRequestPoliciesCommand,
  ListResponseHeadersPoliciesCommand,
  UpdateCachePolicyCommand,
  UpdateDistributionCommand,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { signRequestSigV4 } from '../../src/signer/sigv4/index.ts';
import {
  CREDENTIALS,
  edgeGet,
  s3DistributionConfig,
  startControlFixture,
} from '../support/control-fixture.ts';

test('API-created distributions and invalidations survive a restart and are served again', async (t) => {
  const first = await startControlFixture(t);
  await first.s3.send(new CreateBucketCommand({ Bucket: 'persist-media' }));
  await first.s3.send(
    new PutObjectCommand({ Bucket: 'persist-media', Key: 'p.txt', Body: 'kept', ACL: 'public-read' }),
  );
  const created = await first.cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: s3DistributionConfig({
        callerReference: 'persist',
        bucket: 'persist-media',
        aliases: ['persist.example.test'],
      }),
    }),
  );
  const id = created.Distribution!.Id!;
  const invalidation = await first.cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: id,
      InvalidationBatch: { CallerReference: 'p-1', Paths: { Quantity: 1, Items: ['/*'] } },
    }),
  );
  await first.close();

  const second = await startControlFixture(t, { dir: first.dir });
  const got = await second.cloudfront.send(new GetDistributionCommand({ Id: id }));
  assert.equal(got.ETag, created.ETag);
  assert.equal(got.Distribution?.Status, 'Deployed');
  assert.deepEqual(got.Distribution?.DistributionConfig?.Aliases?.Items, ['persist.example.test']);
  const again = await second.cloudfront.send(
    new GetInvalidationCommand({ DistributionId: id, Id: invalidation.Invalidation!.Id }),
  );
  assert.equal(again.Invalidation?.Status, 'Completed');
  const served = await edgeGet(second.edgeUrl, 'persist.example.test', '/p.txt');
  assert.equal(served.status, 200);
  assert.equal(served.body, 'kept');
});

test('file-defined distributions and policies are listed and readable, and changing them names the config file', async (t) => {
  const fixture = await startControlFixture(t, {
    config: {
      edge: {
        distributions: [
          {
            id: 'E1FILEDEFINED',
            config: s3DistributionConfig({
              callerReference: 'from-file',
              bucket: 'file-media',
              aliases: ['file.example.test'],
            }),
          },
        ],
        cachePolicies: [
          {
            Id: 'file-cache-policy',
            CachePolicyConfig: {
              Name: 'from-the-file',
              MinTTL: 0,
              DefaultTTL: 60,
              MaxTTL: 600,
              ParametersInCacheKeyAndForwardedToOrigin: {
                EnableAcceptEncodingGzip: false,
                HeadersConfig: { HeaderBehavior: 'none' },
                CookiesConfig: { CookieBehavior: 'none' },
                QueryStringsConfig: { QueryStringBehavior: 'none' },
              },
            },
          },
        ],
      },
    },
  });
  const cf = fixture.cloudfront;
  const list = await cf.send(new ListDistributionsCommand({}));
  assert.deepEqual(
    list.DistributionList?.Items?.map((d) => [d.Id, d.Status]),
    [['E1FILEDEFINED', 'Deployed']],
  );
  const config = await cf.send(new GetDistributionConfigCommand({ Id: 'E1FILEDEFINED' }));
  assert.equal(config.DistributionConfig?.CallerReference, 'from-file');
  const refused = await cf
    .send(
      new UpdateDistributionCommand({
        Id: 'E1FILEDEFINED',
        IfMatch: config.ETag,
        DistributionConfig: { ...config.DistributionConfig!, Comment: 'x' },
      }),
    )
    .catch((error: Error) => error);
  assert.equal((refused as Error).name, 'IllegalUpdate');
  assert.match((refused as Error).message, /config file \(edge\.distributions\[0\]\)/);

  const custom = await cf.send(new ListCachePoliciesCommand({ Type: 'custom' }));
  assert.deepEqual(
    custom.CachePolicyList?.Items?.map((p) => p.CachePolicy?.Id),
    ['file-cache-policy'],
  );
  const filePolicy = await cf.send(new GetCachePolicyCommand({ Id: 'file-cache-policy' }));
  await assert.rejects(
    cf.send(new DeleteCachePolicyCommand({ Id: 'file-cache-policy', IfMatch: filePolicy.ETag })),
    { name: 'IllegalDelete' },
  );
});

test('managed policies are listed under their real ids and can be neither updated nor deleted', async (t) => {
  const { cloudfront: cf } = await startControlFixture(t);
  const cache = await cf.send(new ListCachePoliciesCommand({ Type: 'managed' }));
  const names = new Map(
    cache.CachePolicyList?.Items?.map((p) => [p.CachePolicy?.CachePolicyConfig?.Name, p.CachePolicy?.Id]),
  );
  assert.equal(names.get('Managed-CachingOptimized'), '658327ea-f89d-4fab-a63d-7e88639e58f6');
  assert.equal(names.get('Managed-CachingDisabled'), '4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
  const orp = await cf.send(new ListOriginRequestPoliciesCommand({ Type: 'managed' }));
  assert.ok(
    orp.OriginRequestPolicyList?.Items?.some(
      (p) =>
        p.OriginRequestPolicy?.Id === '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf' &&
        p.OriginRequestPolicy.OriginRequestPolicyConfig?.Name === 'Managed-CORS-S3Origin',
    ),
  );
  const rhp = await cf.send(new ListResponseHeadersPoliciesCommand({ Type: 'managed' }));
  assert.ok(
    rhp.ResponseHeadersPolicyList?.Items?.some(
      (p) =>
        p.ResponseHeadersPolicy?.Id === '5cc3b908-e619-4b99-88e5-2cf7f45965bd' &&
        p.ResponseHeadersPolicy.ResponseHeadersPolicyConfig?.Name === 'Managed-CORS-With-Preflight',
    ),
  );
  const optimized = await cf.send(new GetCachePolicyCommand({ Id: '658327ea-f89d-4fab-a63d-7e88639e58f6' }));
  await assert.rejects(
    cf.send(
      new UpdateCachePolicyCommand({
        Id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        IfMatch: optimized.ETag,
        CachePolicyConfig: optimized.CachePolicy!.CachePolicyConfig!,
      }),
    ),
    { name: 'IllegalUpdate' },
  );
  await assert.rejects(
    cf.send(
      new DeleteCachePolicyCommand({ Id: '658327ea-f89d-4fab-a63d-7e88639e58f6', IfMatch: optimized.ETag }),
    ),
    { name: 'IllegalDelete' },
  );
  const custom = await cf.send(new ListCachePoliciesCommand({ Type: 'custom' }));
  assert.equal(custom.CachePolicyList?.Quantity, 0);
});

test('one endpoint: a bucket named 2020-05-31 stays S3, and CloudFront calls with a wrong secret or unknown key are refused', async (t) => {
  const { s3, frontgate } = await startControlFixture(t);
  await s3.send(new CreateBucketCommand({ Bucket: '2020-05-31' }));
  await s3.send(new PutObjectCommand({ Bucket: '2020-05-31', Key: 'distribution', Body: 'an object' }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: '2020-05-31' }));
  assert.deepEqual(
    listed.Contents?.map((o) => o.Key),
    ['distribution'],
  );

  const { CloudFrontClient } = await import('@aws-sdk/client-cloudfront');
  const wrong = new CloudFrontClient({
    endpoint: frontgate.s3Url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'CONTROLTESTKEY', secretAccessKey: 'not-the-secret' },
  });
  t.after(() => wrong.destroy());
  await assert.rejects(
    wrong.send(new ListDistributionsCommand({})),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'SignatureDoesNotMatch' && error.$metadata?.httpStatusCode === 403,
  );
  const unknown = new CloudFrontClient({
    endpoint: frontgate.s3Url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' },
  });
  t.after(() => unknown.destroy());
  await assert.rejects(unknown.send(new ListDistributionsCommand({})), { name: 'InvalidClientTokenId' });
});

test('a control API request with a malformed body gets CloudFront error XML, never a 5xx', async (t) => {
  const { cloudfront: cf, frontgate } = await startControlFixture(t);
  const url = new URL(`${frontgate.s3Url}/2020-05-31/distribution`);
  const body =
    '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Enabled>maybe</Enabled></DistributionConfig>';
  const signed = signRequestSigV4({
    method: 'POST',
    host: url.host,
    rawPath: url.pathname,
    headers: { 'content-type': 'application/xml' },
    payloadHash: createHash('sha256').update(body).digest('hex'),
    credentials: CREDENTIALS,
    region: 'ap-south-1',
    service: 'cloudfront',
    now: new Date(),
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...signed.headers, 'content-type': 'application/xml' },
    body,
  });
  assert.equal(response.status, 400);
  const text = await response.text();
  assert.match(
    text,
    /<ErrorResponse xmlns="http:\/\/cloudfront\.amazonaws\.com\/doc\/2020-05-31\/"><Error><Type>Sender<\/Type><Code>MalformedInput<\/Code>/,
  );
  assert.match(text, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
  assert.equal((await cf.send(new ListDistributionsCommand({}))).DistributionList?.Quantity, 0);
});

test('waitUntilDistributionDeployed also ends for a distribution created while another deploy was queued', async (t) => {
  const { cloudfront: cf } = await startControlFixture(t);
  const ids = await Promise.all(
    ['q-1', 'q-2', 'q-3'].map(
      async (reference) =>
        (
          await cf.send(
            new CreateDistributionCommand({
              DistributionConfig: s3DistributionConfig({ callerReference: reference, bucket: 'queue-media' }),
            }),
          )
        ).Distribution!.Id!,
    ),
  );
  for (const id of ids) {
    const result = await waitUntilDistributionDeployed({ client: cf, maxWaitTime: 120 }, { Id: id });
    assert.equal(result.state, 'SUCCESS');
  }
});

test('CreateDistributionWithTags accepts an empty tag list, as Terraform sends it', async (t) => {
  const { cloudfront: cf } = await startControlFixture(t);
  const created = await cf.send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        DistributionConfig: s3DistributionConfig({ callerReference: 'no-tags', bucket: 'tagless-media' }),
        Tags: { Items: [] },
      },
    }),
  );
  const tags = await cf.send(new ListTagsForResourceCommand({ Resource: created.Distribution!.ARN }));
  assert.equal(tags.Tags?.Items?.length ?? 0, 0);
});

test('account quotas: the eleventh key group is TooManyKeyGroups', async (t) => {
  const { cloudfront: cf } = await startControlFixture(t);
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
    type: 'spki',
    format: 'pem',
  });
  const key = await cf.send(
    new CreatePublicKeyCommand({
      PublicKeyConfig: { CallerReference: 'q', Name: 'q', EncodedKey: String(pem) },
    }),
  );
  for (let index = 0; index < 10; index++)
    await cf.send(
      new CreateKeyGroupCommand({ KeyGroupConfig: { Name: `g${index}`, Items: [key.PublicKey!.Id!] } }),
    );
  await assert.rejects(
    cf.send(new CreateKeyGroupCommand({ KeyGroupConfig: { Name: 'g10', Items: [key.PublicKey!.Id!] } })),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'TooManyKeyGroups' && error.$metadata?.httpStatusCode === 400,
  );
});
