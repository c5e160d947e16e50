import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDistributionDefaults } from './distribution-defaults.ts';

test('left-out optional members get CloudFront defaults; given ones are kept', () => {
  const filled = withDistributionDefaults({
    CallerReference: 'r',
    Comment: '',
    Enabled: true,
    PriceClass: 'PriceClass_100',
    Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'b.s3.amazonaws.com', ConnectionAttempts: 1 }] },
    DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all', Compress: true },
  });
  assert.equal(filled.PriceClass, 'PriceClass_100');
  assert.deepEqual(filled.Aliases, { Quantity: 0 });
  assert.equal(filled.HttpVersion, 'http2');
  const origin = (filled.Origins as { Items: Record<string, unknown>[] }).Items[0];
  assert.equal(origin.ConnectionAttempts, 1);
  assert.equal(origin.ConnectionTimeout, 10);
  assert.equal(origin.OriginAccessControlId, '');
  const behavior = filled.DefaultCacheBehavior as Record<string, unknown>;
  assert.equal(behavior.Compress, true);
  assert.deepEqual(behavior.TrustedKeyGroups, { Enabled: false, Quantity: 0 });
  assert.equal(behavior.FieldLevelEncryptionId, '');
});
