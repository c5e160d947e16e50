// PostgreSQL down under a running edge process (`frontgate serve` with state.postgres): the edge keeps serving
// its last snapshot and the API keeps answering reads from its mirror; a write is refused with CloudFront's
// 503 ServiceUnavailable error and leaves nothing behind (not in the API's answers, not in what the edge
// serves); once PostgreSQL is back the same write succeeds and reaches the viewers.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CloudFrontClient,
  CloudFrontServiceException,
  CreateDistributionCommand,
  CreateInvalidationCommand,
  CreateOriginAccessControlCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListOriginAccessControlsCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { edgeGet } from '../support/control-fixture.ts';
import {
  CREDENTIALS,
  type FleetEdgeProcess,
  freePort,
  processRegistry,
  startFleetEdge,
} from './fleet-process.ts';
import { startTestPostgres } from './postgres-support.ts';

const HOST = 'down.example.test';
const dir = await mkdtemp(join(tmpdir(), 'frontgate-pg-down-'));
const registry = processRegistry();
const pg = await startTestPostgres();
after(async () => {
  await registry.stopAll();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an edge process while its PostgreSQL is down', { skip: pg.skip }, () => {
  const origin = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end(`header=${req.headers['x-version'] ?? '-'}`);
  });
  let edge: FleetEdgeProcess;
  let api: CloudFrontClient;
  let distributionId = '';
  let originPort = 0;

  const config = (version: string) => ({
    CallerReference: 'down-1',
    Aliases: { Quantity: 1, Items: [HOST] },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'app',
          DomainName: '127.0.0.1',
          CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'x-version', HeaderValue: version }] },
          CustomOriginConfig: {
            HTTPPort: originPort,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'http-only' as const,
          },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'app',
      ViewerProtocolPolicy: 'allow-all' as const,
      // CachingDisabled: every request shows what the running config sends to the origin.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    },
    Comment: '',
    Enabled: true,
  });
  const body = async () => (await edgeGet(edge.edgeUrl, HOST, '/')).body;
  const refusal = async (send: () => Promise<unknown>) => {
    const error = await send().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(
      error instanceof CloudFrontServiceException,
      `expected a CloudFront error, got ${String(error)}`,
    );
    return { name: error.name, status: error.$metadata.httpStatusCode, fault: error.$fault };
  };

  before(async () => {
    await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
    originPort = (origin.address() as { port: number }).port;
    edge = await startFleetEdge({
      dir,
      name: 'edge-down',
      address: '127.0.0.5',
      edgePort: await freePort('127.0.0.5'),
      postgresUrl: pg.url as string,
      liveTimeoutSeconds: 5,
      origins: {},
      registry,
    });
    // One attempt: the SDK would otherwise retry a 503 with back-off before giving up.
    api = new CloudFrontClient({
      endpoint: edge.s3Url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const created = await api.send(new CreateDistributionCommand({ DistributionConfig: config('one') }));
    distributionId = created.Distribution?.Id as string;
    assert.equal(await body(), 'header=one');
  });
  after(async () => {
    api?.destroy();
    await new Promise<void>((done) => origin.close(() => done()));
  });

  it('keeps serving, answers reads, and refuses writes with 503 ServiceUnavailable that leave nothing behind', async () => {
    const before = await api.send(new GetDistributionConfigCommand({ Id: distributionId }));
    await pg.halt();
    assert.equal(await body(), 'header=one', 'the edge serves its last snapshot');
    const read = await api.send(new GetDistributionCommand({ Id: distributionId }));
    assert.equal(read.ETag, before.ETag, 'reads answer from the mirror');

    const update = await refusal(() =>
      api.send(
        new UpdateDistributionCommand({
          Id: distributionId,
          IfMatch: before.ETag,
          DistributionConfig: config('two'),
        }),
      ),
    );
    assert.deepEqual(update, { name: 'ServiceUnavailable', status: 503, fault: 'server' });
    assert.equal(
      (await api.send(new GetDistributionConfigCommand({ Id: distributionId }))).ETag,
      before.ETag,
      'the refused update is not in the API',
    );
    // The edge may have taken the change for a moment; it is back on the stored config right after.
    let served = '';
    for (let i = 0; i < 100 && served !== 'header=one'; i++) {
      served = await body();
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(served, 'header=one', 'the refused update is not served');

    const invalidation = await refusal(() =>
      api.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: 'while-down', Paths: { Quantity: 1, Items: ['/*'] } },
        }),
      ),
    );
    assert.equal(invalidation.name, 'ServiceUnavailable');
    const oac = await refusal(() =>
      api.send(
        new CreateOriginAccessControlCommand({
          OriginAccessControlConfig: {
            Name: 'while-down',
            SigningProtocol: 'sigv4',
            SigningBehavior: 'always',
            OriginAccessControlOriginType: 's3',
          },
        }),
      ),
    );
    assert.deepEqual(oac, { name: 'ServiceUnavailable', status: 503, fault: 'server' });
    const listed = await api.send(new ListOriginAccessControlsCommand({}));
    assert.equal(listed.OriginAccessControlList?.Quantity, 0, 'the refused OAC was not kept');
    assert.match(edge.output(), /control\.state\.failed/);
    assert.doesNotMatch(edge.output(), /postgres:\/\//, 'the connection URL is never logged');
  });

  it('takes the same write once PostgreSQL is back, and serves it', async () => {
    await pg.resume();
    const deadline = Date.now() + 20_000;
    let updated: { ETag?: string } | undefined;
    while (updated === undefined) {
      const current = await api.send(new GetDistributionConfigCommand({ Id: distributionId }));
      updated = await api
        .send(
          new UpdateDistributionCommand({
            Id: distributionId,
            IfMatch: current.ETag,
            DistributionConfig: config('two'),
          }),
        )
        .catch((error: unknown) => {
          if (Date.now() > deadline) throw error;
          return undefined;
        });
      if (updated === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(await body(), 'header=two');
    assert.equal(
      (await api.send(new GetDistributionCommand({ Id: distributionId }))).Distribution?.Status,
      'Deployed',
    );
  });
});
