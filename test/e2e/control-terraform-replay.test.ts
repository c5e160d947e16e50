// Replays, with @aws-sdk/client-cloudfront, the calls the Terraform AWS provider makes for `terraform apply`
// then `terraform destroy` of a distribution with a key group, an origin access control and three custom
// policies (provider sources: internal/service/cloudfront/*.go): create each resource and read it back,
// CreateDistributionWithTags, poll GetDistribution until Deployed, ListTagsForResource; on destroy disable
// with UpdateDistribution (If-Match), wait for Deployed, DeleteDistribution, poll until NoSuchDistribution,
// then delete the policies, OAC, key group and public key with their ETags.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import {
  type CloudFrontClient,
  CreateCachePolicyCommand,
  CreateDistributionWithTagsCommand,
  CreateKeyGroupCommand,
  CreateOriginAccessControlCommand,
  CreateOriginRequestPolicyCommand,
  CreatePublicKeyCommand,
  CreateResponseHeadersPolicyCommand,
  DeleteCachePolicyCommand,
  DeleteDistributionCommand,
  DeleteKeyGroupCommand,
  DeleteOriginAccessControlCommand,
  DeleteOriginRequestPolicyCommand,
  DeletePublicKeyCommand,
  DeleteResponseHeadersPolicyCommand,
  GetCachePolicyCommand,
  GetDistributionCommand,
  GetKeyGroupCommand,
  GetOriginAccessControlCommand,
  GetOriginRequestPolicyCommand,
  GetPublicKeyCommand,
  GetResponseHeadersPolicyCommand,
  ListCachePoliciesCommand,
  ListDistributionsByCachePolicyIdCommand,
  ListDistributionsByKeyGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDistributionCommand,
  UpdateKeyGroupCommand,
} from '@aws-sdk/client-cloudfront';
import { s3DistributionConfig, startControlFixture } from '../support/control-fixture.ts';

const none = { Quantity: 0 };

/** Terraform's waitDistributionDeployed / waitDistributionDeleted: poll GetDistribution (here every 100 ms). */
async function pollDistribution(
  client: CloudFrontClient,
  id: string,
  until: 'Deployed' | 'Deleted',
): Promise<number> {
  for (let attempt = 1; attempt <= 50; attempt++) {
    try {
      const got = await client.send(new GetDistributionCommand({ Id: id }));
      if (until === 'Deployed' && got.Distribution?.Status === 'Deployed') return attempt;
    } catch (error) {
      if (until === 'Deleted' && (error as Error).name === 'NoSuchDistribution') return attempt;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`distribution ${id} never reached ${until}`);
}

test('terraform apply then destroy of a distribution with a key group, an OAC and three policies, call by call', async (t) => {
  const { cloudfront: cf } = await startControlFixture(t);
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    type: 'spki',
    format: 'pem',
  });

  // aws_cloudfront_public_key
  const key = await cf.send(
    new CreatePublicKeyCommand({
      PublicKeyConfig: {
        CallerReference: 'terraform-20261205',
        Name: 'junlog-key',
        EncodedKey: String(pem),
        Comment: '',
      },
    }),
  );
  const keyId = key.PublicKey!.Id!;
  assert.match(keyId, /^K[A-Z0-9]{13}$/);
  assert.equal(
    (await cf.send(new GetPublicKeyCommand({ Id: keyId }))).PublicKey?.PublicKeyConfig?.Name,
    'junlog-key',
  );

  // aws_cloudfront_key_group
  const group = await cf.send(
    new CreateKeyGroupCommand({
      KeyGroupConfig: { Name: 'junlog-group', Items: [keyId], Comment: 'signers' },
    }),
  );
  const groupId = group.KeyGroup!.Id!;
  const readGroup = await cf.send(new GetKeyGroupCommand({ Id: groupId }));
  assert.deepEqual(readGroup.KeyGroup?.KeyGroupConfig?.Items, [keyId]);
  assert.equal(readGroup.ETag, group.ETag);

  // aws_cloudfront_origin_access_control
  const oac = await cf.send(
    new CreateOriginAccessControlCommand({
      OriginAccessControlConfig: {
        Name: 'junlog-oac',
        Description: '',
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 's3',
      },
    }),
  );
  const oacId = oac.OriginAccessControl!.Id!;
  assert.equal(
    (await cf.send(new GetOriginAccessControlCommand({ Id: oacId }))).OriginAccessControl
      ?.OriginAccessControlConfig?.SigningBehavior,
    'always',
  );

  // aws_cloudfront_cache_policy, _origin_request_policy, _response_headers_policy
  const cachePolicy = await cf.send(
    new CreateCachePolicyCommand({
      CachePolicyConfig: {
        Name: 'junlog-cache',
        Comment: '',
        DefaultTTL: 3600,
        MaxTTL: 86400,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Origin'] } },
          CookiesConfig: { CookieBehavior: 'none', Cookies: none },
          QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
        },
      },
    }),
  );
  const cachePolicyId = cachePolicy.CachePolicy!.Id!;
  const readCache = await cf.send(new GetCachePolicyCommand({ Id: cachePolicyId }));
  assert.deepEqual(
    readCache.CachePolicy?.CachePolicyConfig?.ParametersInCacheKeyAndForwardedToOrigin?.HeadersConfig?.Headers
      ?.Items,
    ['Origin'],
  );
  assert.equal(readCache.CachePolicy?.CachePolicyConfig?.DefaultTTL, 3600);
  const originRequestPolicy = await cf.send(
    new CreateOriginRequestPolicyCommand({
      OriginRequestPolicyConfig: {
        Name: 'junlog-origin-request',
        Comment: '',
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: {
            Quantity: 2,
            Items: ['Access-Control-Request-Headers', 'Access-Control-Request-Method'],
          },
        },
        CookiesConfig: { CookieBehavior: 'none', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
      },
    }),
  );
  const originRequestPolicyId = originRequestPolicy.OriginRequestPolicy!.Id!;
  await cf.send(new GetOriginRequestPolicyCommand({ Id: originRequestPolicyId }));
  const responseHeadersPolicy = await cf.send(
    new CreateResponseHeadersPolicyCommand({
      ResponseHeadersPolicyConfig: {
        Name: 'junlog-cors',
        Comment: '',
        CorsConfig: {
          AccessControlAllowOrigins: { Quantity: 1, Items: ['https://local.junlog.dev:3000'] },
          AccessControlAllowHeaders: { Quantity: 1, Items: ['*'] },
          AccessControlAllowMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
          AccessControlAllowCredentials: false,
          AccessControlMaxAgeSec: 600,
          OriginOverride: true,
        },
      },
    }),
  );
  const responseHeadersPolicyId = responseHeadersPolicy.ResponseHeadersPolicy!.Id!;
  const readRhp = await cf.send(new GetResponseHeadersPolicyCommand({ Id: responseHeadersPolicyId }));
  assert.equal(
    readRhp.ResponseHeadersPolicy?.ResponseHeadersPolicyConfig?.CorsConfig?.AccessControlMaxAgeSec,
    600,
  );

  // The data sources `data "aws_cloudfront_cache_policy" { name = "Managed-CachingOptimized" }` list and match.
  const managed = await cf.send(new ListCachePoliciesCommand({ Type: 'managed' }));
  assert.ok(
    managed.CachePolicyList?.Items?.some(
      (p) => p.CachePolicy?.Id === '658327ea-f89d-4fab-a63d-7e88639e58f6' && p.Type === 'managed',
    ),
  );
  const custom = await cf.send(new ListCachePoliciesCommand({ Type: 'custom' }));
  assert.deepEqual(
    custom.CachePolicyList?.Items?.map((p) => p.CachePolicy?.CachePolicyConfig?.Name),
    ['junlog-cache'],
  );

  // aws_cloudfront_distribution: create (always WithTags), wait for Deployed, read (+ tags).
  const created = await cf.send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        DistributionConfig: s3DistributionConfig({
          callerReference: 'terraform-20261205-dist',
          bucket: 'junlog-media',
          aliases: ['cdn.junlog.test'],
          oacId,
          keyGroupId: groupId,
          cachePolicyId,
          originRequestPolicyId,
          responseHeadersPolicyId,
        }),
        Tags: { Items: [{ Key: 'Environment', Value: 'dev' }] },
      },
    }),
  );
  const id = created.Distribution!.Id!;
  assert.equal(created.Distribution?.Status, 'InProgress');
  assert.ok((await pollDistribution(cf, id, 'Deployed')) <= 2, 'Deployed on the first or second poll');
  const read = await cf.send(new GetDistributionCommand({ Id: id }));
  assert.deepEqual(read.Distribution?.ActiveTrustedKeyGroups, {
    Enabled: true,
    Quantity: 1,
    Items: [{ KeyGroupId: groupId, KeyPairIds: { Quantity: 1, Items: [keyId] } }],
  });
  const arn = read.Distribution!.ARN!;
  const tags = await cf.send(new ListTagsForResourceCommand({ Resource: arn }));
  assert.deepEqual(tags.Tags?.Items, [{ Key: 'Environment', Value: 'dev' }]);
  assert.deepEqual(
    (await cf.send(new ListDistributionsByCachePolicyIdCommand({ CachePolicyId: cachePolicyId })))
      .DistributionIdList?.Items,
    [id],
  );
  assert.deepEqual(
    (await cf.send(new ListDistributionsByKeyGroupCommand({ KeyGroupId: groupId }))).DistributionIdList
      ?.Items,
    [id],
  );

  // A second apply changing tags: TagResource / UntagResource.
  await cf.send(
    new TagResourceCommand({ Resource: arn, Tags: { Items: [{ Key: 'Team', Value: 'junlog' }] } }),
  );
  await cf.send(new UntagResourceCommand({ Resource: arn, TagKeys: { Items: ['Environment'] } }));
  assert.deepEqual((await cf.send(new ListTagsForResourceCommand({ Resource: arn }))).Tags?.Items, [
    { Key: 'Team', Value: 'junlog' },
  ]);

  // In use: resources a distribution references cannot go first.
  await assert.rejects(cf.send(new DeleteKeyGroupCommand({ Id: groupId, IfMatch: group.ETag })), {
    name: 'ResourceInUse',
  });
  await assert.rejects(
    cf.send(new DeleteCachePolicyCommand({ Id: cachePolicyId, IfMatch: cachePolicy.ETag })),
    {
      name: 'CachePolicyInUse',
    },
  );
  await assert.rejects(cf.send(new DeletePublicKeyCommand({ Id: keyId, IfMatch: key.ETag })), {
    name: 'PublicKeyInUse',
  });

  // terraform destroy: disable, wait, delete, wait for NoSuchDistribution.
  const before = await cf.send(new GetDistributionCommand({ Id: id }));
  const disabled = await cf.send(
    new UpdateDistributionCommand({
      Id: id,
      IfMatch: before.ETag,
      DistributionConfig: { ...before.Distribution!.DistributionConfig!, Enabled: false },
    }),
  );
  assert.equal(disabled.Distribution?.Status, 'InProgress');
  await pollDistribution(cf, id, 'Deployed');
  const current = await cf.send(new GetDistributionCommand({ Id: id }));
  await cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: current.ETag }));
  assert.equal(await pollDistribution(cf, id, 'Deleted'), 1);

  await cf.send(
    new DeleteResponseHeadersPolicyCommand({
      Id: responseHeadersPolicyId,
      IfMatch: responseHeadersPolicy.ETag,
    }),
  );
  await cf.send(
    new DeleteOriginRequestPolicyCommand({ Id: originRequestPolicyId, IfMatch: originRequestPolicy.ETag }),
  );
  await cf.send(new DeleteCachePolicyCommand({ Id: cachePolicyId, IfMatch: cachePolicy.ETag }));
  await cf.send(new DeleteOriginAccessControlCommand({ Id: oacId, IfMatch: oac.ETag }));
  const updatedGroup = await cf.send(
    new UpdateKeyGroupCommand({
      Id: groupId,
      IfMatch: group.ETag,
      KeyGroupConfig: { Name: 'junlog-group', Items: [keyId], Comment: 'about to go' },
    }),
  );
  await assert.rejects(cf.send(new DeleteKeyGroupCommand({ Id: groupId, IfMatch: group.ETag })), {
    name: 'PreconditionFailed',
  });
  await cf.send(new DeleteKeyGroupCommand({ Id: groupId, IfMatch: updatedGroup.ETag }));
  await cf.send(new DeletePublicKeyCommand({ Id: keyId, IfMatch: key.ETag }));
  await assert.rejects(cf.send(new GetKeyGroupCommand({ Id: groupId })), { name: 'NoSuchResource' });
  await assert.rejects(cf.send(new GetPublicKeyCommand({ Id: keyId })), { name: 'NoSuchPublicKey' });
  await assert.rejects(cf.send(new GetCachePolicyCommand({ Id: cachePolicyId })), {
    name: 'NoSuchCachePolicy',
  });
  await assert.rejects(cf.send(new GetOriginAccessControlCommand({ Id: oacId })), {
    name: 'NoSuchOriginAccessControl',
  });
});
