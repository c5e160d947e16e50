// S3 behind origin access control without s3:ListBucket (AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin" "Practical consequence",
// AWS: "Restrict access to an Amazon S3 origin" Errors row; AWS: "Amazon S3 API Reference"): a missing key answers the OAC-signed request with S3's 403 AccessDenied,
// which CloudFront forwards and does not cache; with `originAccessListBucket: true` it is 404 NoSuchKey,
// cached for ErrorCachingMinTTL (10 s). Users with credentials still get 404. Real stack: startFrontgate.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type TestContext, test } from 'node:test';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { loadConfigFile } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { startFrontgate } from '../../src/server/start-frontgate.ts';
import type { ObjectStore } from '../../src/store/index.ts';

const HOST = 'media.oac.test';
const BUCKET = 'oac-media';
const ORIGIN = `${BUCKET}.s3.us-east-1.amazonaws.com`;
const CREDENTIALS = { accessKeyId: 'OACTESTUSER', secretAccessKey: 'oac-test-secret-made-for-this-test' };

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(edgeUrl: string, path: string): Promise<Reply> {
  const u = new URL(edgeUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, headers: { host: HOST }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function distribution() {
  return {
    CallerReference: 'oac-missing-key',
    Aliases: { Quantity: 1, Items: [HOST] },
    DefaultRootObject: '',
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: ORIGIN,
          DomainName: ORIGIN,
          OriginPath: '',
          CustomHeaders: { Quantity: 0 },
          S3OriginConfig: { OriginAccessIdentity: '' },
          OriginAccessControlId: 'E2OACTEST',
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: ORIGIN,
      ViewerProtocolPolicy: 'allow-all',
      AllowedMethods: {
        Quantity: 2,
        Items: ['GET', 'HEAD'],
        CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
      },
      Compress: false,
      // Managed CachingOptimized.
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: { Quantity: 0 },
    Comment: '',
    Enabled: true,
  };
}

async function start(t: TestContext, bucketSettings: Record<string, unknown>) {
  const dir = await mkdtemp(join(tmpdir(), 'edge-oac-missing-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'distribution.json'), JSON.stringify({ DistributionConfig: distribution() }));
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        region: 'us-east-1',
        credentials: [CREDENTIALS],
        buckets: [{ name: BUCKET, allowedDistributions: ['E1OACTEST'], ...bucketSettings }],
      },
      edge: {
        listen: '127.0.0.1:0',
        admin: { listen: '127.0.0.1:0' },
        distributions: [{ id: 'E1OACTEST', config: 'distribution.json' }],
        origins: { [ORIGIN]: 'embedded' },
        originAccessControls: [
          {
            Id: 'E2OACTEST',
            OriginAccessControlConfig: {
              Name: 'oac-test',
              SigningProtocol: 'sigv4',
              SigningBehavior: 'always',
              OriginAccessControlOriginType: 's3',
            },
          },
        ],
      },
    }),
  );
  let nowMs = Date.parse('2026-03-01T10:00:00Z');
  let store: ObjectStore | undefined;
  const running = await startFrontgate(loadConfigFile(join(dir, 'frontgate.json')), {
    logger: silentLogger,
    now: () => new Date(nowMs),
    seed: async (s) => {
      store = s;
    },
  });
  t.after(() => running.close());
  const edgeUrl = running.edgeUrls[0];
  assert.ok(edgeUrl && store);
  const put = (key: string, text: string) =>
    (store as ObjectStore).putObject(BUCKET, key, Readable.from([Buffer.from(text)]), {
      contentType: 'text/plain',
      userMetadata: {},
    });
  return {
    edgeUrl,
    s3Url: running.s3Url,
    put,
    advanceSeconds: (s: number) => {
      nowMs += s * 1000;
    },
    now: () => new Date(nowMs),
  };
}

test('default (no ListBucket): a missing key behind OAC gets S3 403 AccessDenied, not cached', async (t) => {
  const fg = await start(t, {});
  await fg.put('present.txt', 'here');
  assert.equal((await get(fg.edgeUrl, '/present.txt')).status, 200, 'existing keys are served');
  const first = await get(fg.edgeUrl, '/later.txt');
  assert.equal(first.status, 403);
  assert.match(first.body, /<Code>AccessDenied<\/Code>/);
  assert.doesNotMatch(first.body, /NoSuchKey/);
  assert.equal(first.headers['content-type'], 'application/xml');
  assert.equal(first.headers['x-cache'], 'Error from cloudfront');
  // Not cached (no max-age, AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin"): once the key exists, the very next request reaches S3.
  await fg.put('later.txt', 'now here');
  const second = await get(fg.edgeUrl, '/later.txt');
  assert.equal(second.status, 200);
  assert.equal(second.body, 'now here');
});

test('originAccessListBucket: true: a missing key is 404 NoSuchKey, cached for 10 s', async (t) => {
  const fg = await start(t, { originAccessListBucket: true });
  const first = await get(fg.edgeUrl, '/later.txt');
  assert.equal(first.status, 404);
  assert.match(first.body, /<Code>NoSuchKey<\/Code>/);
  assert.equal(first.headers['x-cache'], 'Error from cloudfront');
  await fg.put('later.txt', 'now here');
  fg.advanceSeconds(9);
  const cached = await get(fg.edgeUrl, '/later.txt');
  assert.equal(cached.status, 404, 'the 404 is served from the error cache within ErrorCachingMinTTL');
  assert.equal(cached.headers['x-cache'], 'Error from cloudfront');
  fg.advanceSeconds(2);
  const refetched = await get(fg.edgeUrl, '/later.txt');
  assert.equal(refetched.status, 200);
  assert.equal(refetched.body, 'now here');
});

test('a user with credentials still gets 404 NoSuchKey for a missing key (they own the bucket)', async (t) => {
  const fg = await start(t, {});
  const client = new S3Client({
    endpoint: fg.s3Url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
    systemClockOffset: fg.now().getTime() - Date.now(),
  });
  t.after(() => client.destroy());
  await assert.rejects(
    client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing.txt' })),
    (e: Error) => {
      assert.equal(e.name, 'NoSuchKey');
      return true;
    },
  );
});
