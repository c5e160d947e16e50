import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findUnemulatedFeatures } from './find-unemulated-features.ts';

const junlog = JSON.parse(
  readFileSync(new URL('../../../examples/junlog/distribution.after-fix.json', import.meta.url), 'utf8'),
).DistributionConfig;

test('the junlog distribution uses nothing the edge does not emulate', () => {
  assert.deepEqual(findUnemulatedFeatures(junlog), []);
});

test('Lambda@Edge, origin groups, geo restrictions and WAF are each named with their JSON path; CloudFront Functions are not (they run)', () => {
  const config = structuredClone(junlog);
  config.DefaultCacheBehavior.FunctionAssociations = {
    Quantity: 1,
    Items: [{ FunctionARN: 'arn:aws:cloudfront::1:function/f', EventType: 'viewer-request' }],
  };
  config.CacheBehaviors = {
    Quantity: 1,
    Items: [
      { ...config.DefaultCacheBehavior, PathPattern: 'api/*', LambdaFunctionAssociations: { Quantity: 1 } },
    ],
  };
  config.OriginGroups = { Quantity: 1, Items: [] };
  config.Restrictions = { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 1, Items: ['KR'] } };
  config.WebACLId = 'arn:aws:wafv2:us-east-1:1:global/webacl/x/y';
  assert.deepEqual(
    findUnemulatedFeatures(config).map((f) => f.jsonPath),
    [
      'CacheBehaviors.Items[0].LambdaFunctionAssociations',
      'OriginGroups',
      'Restrictions.GeoRestriction',
      'WebACLId',
    ],
  );
});
