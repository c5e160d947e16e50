import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConfigContext } from '../config/config-context.ts';
import { silentLogger } from '../log/logger.ts';
import { parseS3Config } from '../s3/index.ts';
import { createMemoryObjectStore } from '../store/index.ts';
import { startS3Service } from './s3-service.ts';

test('configured buckets are created at start-up and their ACL, CORS and distributions applied (config wins)', async (t) => {
  const store = createMemoryObjectStore();
  await store.createBucket('junlog-media', { region: 'us-east-1', acl: 'public-read' });
  await store.updateBucket('junlog-media', { cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }] });
  const config = parseS3Config(
    {
      listen: '127.0.0.1:0',
      buckets: [
        {
          name: 'junlog-media',
          acl: 'private',
          cors: [{ AllowedOrigins: ['https://local.junlog.dev:3000'], AllowedMethods: ['GET'] }],
          allowedDistributions: ['E1JUNLOGDEV'],
        },
        { name: 'fresh-bucket', acl: 'public-read' },
      ],
    },
    createConfigContext('/tmp'),
  );
  const service = await startS3Service(config, { store, logger: silentLogger });
  t.after(() => service.close());
  assert.match(service.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const junlog = await store.getBucket('junlog-media');
  assert.equal(junlog?.acl, 'private');
  assert.deepEqual(junlog?.allowedDistributionIds, ['E1JUNLOGDEV']);
  const policy = JSON.parse(junlog?.policy ?? 'null');
  assert.deepEqual(policy.Statement[0].Principal, { Service: 'cloudfront.amazonaws.com' });
  assert.deepEqual(policy.Statement[0].Condition, {
    StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1JUNLOGDEV' },
  });
  assert.equal((await store.getBucket('fresh-bucket'))?.policy, null);
  assert.deepEqual((junlog?.cors as { AllowedMethods: string[] }[] | undefined)?.[0]?.AllowedMethods, [
    'GET',
  ]);
  assert.equal((await store.getBucket('fresh-bucket'))?.acl, 'public-read');
  const res = await fetch(`${service.url}/fresh-bucket?list-type=2`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('x-amz-request-id') ?? '', /^[0-9A-F]{16}$/);
});

test('a bucket entry without policy or allowedDistributions keeps the policy set through the API', async (t) => {
  const store = createMemoryObjectStore();
  await store.createBucket('api-managed', { region: 'us-east-1', acl: 'private' });
  await store.updateBucket('api-managed', { policy: '{"Version":"2012-10-17","Statement":[]}' });
  const config = parseS3Config(
    { listen: '127.0.0.1:0', buckets: [{ name: 'api-managed' }] },
    createConfigContext('/tmp'),
  );
  const service = await startS3Service(config, { store, logger: silentLogger });
  t.after(() => service.close());
  assert.equal((await store.getBucket('api-managed'))?.policy, '{"Version":"2012-10-17","Statement":[]}');
});
