// A fleet on one machine: three `frontgate serve` processes (one process each, "workers": 1), each on its own
// loopback address (127.0.0.2, .3, .4), sharing their control-plane state in a real PostgreSQL
// (scripts/start-postgres.sh), haproxy round robin in front, and the objects in a Ceph RADOS Gateway
// (scripts/start-ceph-rgw.sh) that every edge reaches through `edge.origins`, signing as origin access control.
// When Ceph cannot run here the S3 cluster is the embedded store of edge A, and the output says so.
// Shown: a distribution created through the CloudFront API on edge A serves on the others and through haproxy;
// Deployed and Completed wait for every live edge; an edge killed during an update blocks nobody once its
// heartbeat is older than liveTimeoutSeconds and, restarted under the same name, serves the update and applies
// the invalidation it missed; and propagation over 100 updates and 100 invalidations is printed.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateInvalidationCommand,
  CreateOriginAccessControlCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import postgres from 'postgres';
import { edgeGet } from '../support/control-fixture.ts';
import { startTestCeph } from './ceph-support.ts';
import {
  CREDENTIALS,
  type FleetEdgeProcess,
  findHaproxy,
  freePort,
  type LoadBalancer,
  processRegistry,
  startFleetEdge,
  startHaproxy,
} from './fleet-process.ts';
import { startTestPostgres } from './postgres-support.ts';

const HOST = 'fleet.example.test';
const BUCKET = 'media';
const ORIGIN_DOMAIN = `${BUCKET}.s3.us-east-1.amazonaws.com`;
const LIVE_TIMEOUT_SECONDS = 4;
const UPDATES = 100;

const dir = await mkdtemp(join(tmpdir(), 'frontgate-fleet-'));
const registry = processRegistry();
const pg = await startTestPostgres();
const ceph = pg.skip === false ? await startTestCeph(join(dir, 'ceph')) : { skip: 'no PostgreSQL' };
after(async () => {
  await registry.stopAll();
  if ('stop' in ceph) await ceph.stop();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
});

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;

describe('a fleet of three edge processes over PostgreSQL and an S3 cluster, behind haproxy', {
  skip: pg.skip,
}, () => {
  const names = ['edge-a', 'edge-b', 'edge-c'] as const;
  const addresses = { 'edge-a': '127.0.0.2', 'edge-b': '127.0.0.3', 'edge-c': '127.0.0.4' } as const;
  const edges = new Map<string, FleetEdgeProcess>();
  const edge = (name: (typeof names)[number]) => edges.get(name) as FleetEdgeProcess;
  const clients: { destroy: () => void }[] = [];
  let sql: ReturnType<typeof postgres>;
  let s3: S3Client;
  let lb: LoadBalancer | undefined;
  let startEdge: (name: (typeof names)[number]) => Promise<FleetEdgeProcess>;
  let oacId = '';
  let distributionId = '';

  const cloudfrontAt = (e: FleetEdgeProcess) => {
    const client = new CloudFrontClient({ endpoint: e.s3Url, region: 'us-east-1', credentials: CREDENTIALS });
    clients.push(client);
    return client;
  };
  const get = (e: FleetEdgeProcess | LoadBalancer, path: string) =>
    edgeGet('edgeUrl' in e ? e.edgeUrl : e.url, HOST, path);
  const putObject = (key: string, body: string) =>
    s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: body,
        ContentType: 'text/plain',
        CacheControl: 'max-age=3600',
      }),
    );
  /** Edge name → the distribution ETags its last heartbeat reported, for the edges PostgreSQL counts live. */
  const heartbeats = async () =>
    Object.fromEntries(
      (
        await sql<{ edge_id: string; deployed_json: string }[]>`SELECT edge_id, deployed_json FROM edges
          WHERE last_seen > now() - make_interval(secs => ${LIVE_TIMEOUT_SECONDS})`
      ).map((r) => [r.edge_id, JSON.parse(r.deployed_json) as Record<string, string>]),
    );
  type ConsoleFleetEdge = {
    edgeId: string;
    live: boolean;
    inAcknowledgingSet: boolean;
    thisEdge: boolean;
    deployed: Record<string, string>;
    invalidationsNotApplied: number;
  };
  /** The fleet as the console of an edge shows it (admin listener, console API), by edge name. */
  const consoleFleet = async (e: FleetEdgeProcess) => {
    const response = await fetch(`${e.adminUrl}/console/api/fleet`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { enabled: boolean; thisEdge: string; edges: ConsoleFleetEdge[] };
    assert.equal(body.enabled, true);
    assert.equal(body.thisEdge, e.name);
    return Object.fromEntries(body.edges.map((x) => [x.edgeId, x]));
  };
  const acknowledgedBy = async (invalidationId: string) =>
    (
      await sql<{ edge_id: string }[]>`SELECT edge_id FROM edge_invalidations
        WHERE invalidation_id = ${invalidationId} ORDER BY edge_id`
    ).map((r) => r.edge_id);

  /** An object of the S3 cluster, asked for without a signature. */
  const originUrl = () => {
    const origin = 'gateway' in ceph ? ceph.gateway.endpoint : undefined;
    return `${origin ?? edge('edge-a').s3Url}/${BUCKET}/v1/page.txt`;
  };

  const distributionConfig = (originPath: string, comment: string) => ({
    CallerReference: 'fleet-1',
    Aliases: { Quantity: 1, Items: [HOST] },
    DefaultRootObject: '',
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'media',
          DomainName: ORIGIN_DOMAIN,
          OriginPath: originPath,
          S3OriginConfig: { OriginAccessIdentity: '' },
          OriginAccessControlId: oacId,
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'media',
      ViewerProtocolPolicy: 'allow-all' as const,
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
    Comment: comment,
    Enabled: true,
  });
  const update = async (api: CloudFrontClient, originPath: string, comment: string) => {
    const current = await api.send(new GetDistributionConfigCommand({ Id: distributionId }));
    return api.send(
      new UpdateDistributionCommand({
        Id: distributionId,
        IfMatch: current.ETag,
        DistributionConfig: distributionConfig(originPath, comment),
      }),
    );
  };
  const invalidate = (api: CloudFrontClient, path: string, reference: string) =>
    api.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: { CallerReference: reference, Paths: { Quantity: 1, Items: [path] } },
      }),
    );
  const distributionStatus = async (api: CloudFrontClient) =>
    (await api.send(new GetDistributionCommand({ Id: distributionId }))).Distribution?.Status;
  const invalidationStatus = async (api: CloudFrontClient, id: string) =>
    (await api.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: id }))).Invalidation
      ?.Status;

  before(async () => {
    sql = postgres(pg.url as string, { max: 1, onnotice: () => {} });
    const edgePorts = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await freePort(addresses[n])] as const)),
    );
    let origin: { endpoint: string; accessKeyId: string; secretAccessKey: string };
    let s3ApiPortOfA = 0;
    if ('gateway' in ceph) {
      origin = ceph.gateway;
      console.log(
        `# S3 cluster: Ceph ${ceph.gateway.cephVersion} RADOS Gateway at ${ceph.gateway.endpoint} (started in ${ceph.gateway.startSeconds} s)`,
      );
    } else {
      s3ApiPortOfA = await freePort(addresses['edge-a']);
      origin = { endpoint: `http://${addresses['edge-a']}:${s3ApiPortOfA}`, ...CREDENTIALS };
      console.log(`# S3 cluster: the embedded store of edge A (${origin.endpoint}), because ${ceph.skip}`);
    }
    const origins = {
      [ORIGIN_DOMAIN]: {
        s3: {
          endpoint: origin.endpoint,
          addressing: 'path',
          region: 'us-east-1',
          credentials: { accessKeyId: origin.accessKeyId, secretAccessKey: origin.secretAccessKey },
        },
      },
    };
    startEdge = async (name) => {
      const started = await startFleetEdge({
        dir,
        name,
        address: addresses[name],
        edgePort: edgePorts[name],
        ...(name === 'edge-a' ? { s3Port: s3ApiPortOfA } : {}),
        postgresUrl: pg.url as string,
        liveTimeoutSeconds: LIVE_TIMEOUT_SECONDS,
        origins,
        registry,
      });
      edges.set(name, started);
      return started;
    };
    for (const name of names) await startEdge(name);
    s3 = new S3Client({
      endpoint: origin.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: origin.accessKeyId, secretAccessKey: origin.secretAccessKey },
    });
    clients.push(s3);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await putObject('v1/page.txt', 'one');
    await putObject('v2/page.txt', 'two');
    await putObject('v1/fresh.txt', 'fresh-1');
    const haproxy = findHaproxy();
    if ('path' in haproxy)
      lb = await startHaproxy(
        haproxy.path,
        dir,
        names.map((n) => edge(n).edgeUrl),
        registry,
      );
    else console.log(`# haproxy parts skipped: ${haproxy.missing}`);
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await sql?.end({ timeout: 1 });
  });

  it('serves on edges B and C and through haproxy a distribution created through the API on edge A, from the S3 cluster', async () => {
    const api = cloudfrontAt(edge('edge-a'));
    const oac = await api.send(
      new CreateOriginAccessControlCommand({
        OriginAccessControlConfig: {
          Name: 'fleet-media',
          SigningProtocol: 'sigv4',
          SigningBehavior: 'always',
          OriginAccessControlOriginType: 's3',
        },
      }),
    );
    oacId = oac.OriginAccessControl?.Id as string;
    const created = await api.send(
      new CreateDistributionCommand({ DistributionConfig: distributionConfig('/v1', 'created on A') }),
    );
    distributionId = created.Distribution?.Id as string;
    const onB = await until('edge B to serve it', async () => {
      const reply = await get(edge('edge-b'), '/page.txt');
      return reply.status === 200 ? reply : undefined;
    });
    assert.equal(onB.body, 'one');
    assert.equal(onB.headers['x-cache'], 'Miss from cloudfront');
    const onC = await until('edge C to serve it', async () => {
      const reply = await get(edge('edge-c'), '/page.txt');
      return reply.status === 200 ? reply : undefined;
    });
    assert.equal(onC.body, 'one');
    const shown = await consoleFleet(edge('edge-b'));
    assert.deepEqual(Object.keys(shown), [...names]);
    for (const name of names) {
      assert.equal(shown[name]?.live, true);
      assert.equal(shown[name]?.inAcknowledgingSet, true);
      assert.equal(shown[name]?.thisEdge, name === 'edge-b');
    }
    // The anonymous request the edge did not sign is refused by the S3 cluster: the edges sign as OAC.
    const unsigned = await fetch(originUrl());
    assert.equal(unsigned.status, 403);
    if (lb === undefined) return;
    const through = await Promise.all([1, 2, 3, 4, 5, 6].map(() => get(lb as LoadBalancer, '/page.txt')));
    assert.deepEqual(
      through.map((r) => `${r.status} ${r.body}`),
      Array(6).fill('200 one'),
    );
  });

  it('reports the distribution Deployed only once every live edge heartbeated its ETag', async () => {
    const api = cloudfrontAt(edge('edge-a'));
    const updated = await update(api, '/v1', 'deployed check');
    const seen: string[] = [];
    const beats = await until('Deployed', async () => {
      const status = await distributionStatus(api);
      seen.push(status as string);
      // Read right after the Deployed answer: no edge can have gone back to an older ETag meanwhile.
      return status === 'Deployed' ? await heartbeats() : undefined;
    });
    assert.deepEqual(Object.keys(beats).sort(), [...names]);
    for (const name of names)
      assert.equal(beats[name]?.[distributionId], updated.ETag, `${name} heartbeated the new ETag`);
    assert.ok(seen.every((s, i) => (i < seen.length - 1 ? s === 'InProgress' : s === 'Deployed')));
  });

  it('reports an invalidation Completed only after every edge acknowledged it, and every edge refetches', async () => {
    for (const name of names) {
      assert.equal((await get(edge(name), '/fresh.txt')).body, 'fresh-1');
      const cached = await get(edge(name), '/fresh.txt');
      assert.equal(cached.headers['x-cache'], 'Hit from cloudfront', `${name} cached it`);
    }
    await putObject('v1/fresh.txt', 'fresh-2');
    for (const name of names)
      assert.equal((await get(edge(name), '/fresh.txt')).body, 'fresh-1', `${name} serves its copy`);
    const created = await invalidate(cloudfrontAt(edge('edge-b')), '/fresh.txt', 'inv-fresh');
    const id = created.Invalidation?.Id as string;
    const api = cloudfrontAt(edge('edge-a'));
    const acks = await until('Completed', async () =>
      (await invalidationStatus(api, id)) === 'Completed' ? await acknowledgedBy(id) : undefined,
    );
    assert.deepEqual(acks, [...names]);
    for (const name of names) {
      const reply = await get(edge(name), '/fresh.txt');
      assert.equal(reply.body, 'fresh-2', `${name} refetched`);
      assert.equal(reply.headers['x-cache'], 'Miss from cloudfront');
    }
  });

  it('keeps deploying while edge C is killed during an update, and C catches up when it returns under its name', async () => {
    const cached = await get(edge('edge-c'), '/page.txt');
    assert.equal(`${cached.body} ${cached.headers['x-cache']}`, 'one Hit from cloudfront');
    await edge('edge-c').kill();
    const killedAt = Date.now();
    const api = cloudfrontAt(edge('edge-a'));
    const updated = await update(api, '/v2', 'while C is down');
    const invalidation = await invalidate(api, '/page.txt', 'inv-while-c-down');
    const invalidationId = invalidation.Invalidation?.Id as string;
    assert.ok(Date.now() - killedAt < 2000, 'the API on edge A answered without waiting for edge C');
    assert.equal((await get(edge('edge-a'), '/page.txt')).body, 'two', 'edge A serves the update at once');
    await until(
      'edge B to serve the update',
      async () => ((await get(edge('edge-b'), '/page.txt')).body === 'two' ? true : undefined),
      2000,
    );
    assert.equal(await distributionStatus(api), 'InProgress', 'C still counts until its heartbeat is old');
    assert.equal(await invalidationStatus(api, invalidationId), 'InProgress');
    assert.ok(Date.now() - killedAt < (LIVE_TIMEOUT_SECONDS - 1) * 1000, 'checked within the live timeout');

    await until('C to drop out: Deployed', async () =>
      (await distributionStatus(api)) === 'Deployed' ? true : undefined,
    );
    const droppedAfter = Date.now() - killedAt;
    assert.equal(await invalidationStatus(api, invalidationId), 'Completed');
    assert.deepEqual(await acknowledgedBy(invalidationId), ['edge-a', 'edge-b']);
    // The last heartbeat came at most a second (its interval) before the kill.
    assert.ok(droppedAfter >= (LIVE_TIMEOUT_SECONDS - 1.2) * 1000, `dropped out after ${droppedAfter} ms`);
    console.log(`# edge C killed: Deployed/Completed without it after ${droppedAfter} ms`);
    const departed = (await consoleFleet(edge('edge-a')))['edge-c'];
    assert.equal(departed?.live, false, 'the console shows C departed');
    assert.equal(departed?.inAcknowledgingSet, false);
    assert.notEqual(departed?.deployed[distributionId], updated.ETag, 'C last reported the old config');
    assert.ok((departed?.invalidationsNotApplied ?? 0) >= 1, 'C has not applied the invalidation');
    if (lb !== undefined) {
      const through = await Promise.all([1, 2, 3, 4, 5, 6].map(() => get(lb as LoadBalancer, '/page.txt')));
      assert.deepEqual(
        through.map((r) => `${r.status} ${r.body}`),
        Array(6).fill('200 two'),
        'haproxy serves from the live edges',
      );
    }

    // Back under the same name and address, with its disk cache still holding "one" for /page.txt.
    const c = await startEdge('edge-c');
    const returned = await get(c, '/page.txt');
    assert.equal(
      returned.body,
      'two',
      'the returning edge runs the update and applied the missed invalidation',
    );
    assert.equal(returned.headers['x-cache'], 'Miss from cloudfront');
    assert.deepEqual(await acknowledgedBy(invalidationId), [...names]);
    const back = (await consoleFleet(c))['edge-c'];
    assert.equal(back?.live, true);
    assert.equal(back?.invalidationsNotApplied, 0);
    const onC = await cloudfrontAt(c).send(new GetDistributionCommand({ Id: distributionId }));
    assert.equal(onC.ETag, updated.ETag);
    await until('Deployed with C back', async () =>
      (await distributionStatus(api)) === 'Deployed' && (await heartbeats())['edge-c'] !== undefined
        ? true
        : undefined,
    );
    if (lb !== undefined) {
      await until('haproxy to take C back', async () =>
        (await get(c, '/page.txt')).status === 200 ? true : undefined,
      );
      const through = await Promise.all([1, 2, 3, 4, 5, 6].map(() => get(lb as LoadBalancer, '/page.txt')));
      assert.deepEqual(
        through.map((r) => `${r.status} ${r.body}`),
        Array(6).fill('200 two'),
      );
    }
  });

  it(`propagates to every edge: p50/p99 over ${UPDATES} updates and ${UPDATES} invalidations`, async () => {
    const api = cloudfrontAt(edge('edge-a'));
    const onB = cloudfrontAt(edge('edge-b'));
    const deployed: number[] = [];
    const completed: number[] = [];
    let etag = (await api.send(new GetDistributionConfigCommand({ Id: distributionId }))).ETag;
    for (let i = 0; i < UPDATES; i++) {
      const started = performance.now();
      const updated = await api.send(
        new UpdateDistributionCommand({
          Id: distributionId,
          IfMatch: etag,
          DistributionConfig: distributionConfig('/v2', `update ${i}`),
        }),
      );
      etag = updated.ETag;
      // Deployed on A means every live edge (B and C) heartbeated this ETag.
      await until('Deployed on every edge', async () =>
        (await distributionStatus(api)) === 'Deployed' ? true : undefined,
      );
      deployed.push(performance.now() - started);
    }
    assert.equal((await onB.send(new GetDistributionConfigCommand({ Id: distributionId }))).ETag, etag);
    for (let i = 0; i < UPDATES; i++) {
      const started = performance.now();
      const created = await invalidate(api, `/n${i}.txt`, `inv-${i}`);
      const id = created.Invalidation?.Id as string;
      await until('Completed on every edge', async () =>
        (await invalidationStatus(api, id)) === 'Completed' ? true : undefined,
      );
      completed.push(performance.now() - started);
    }
    const report = (what: string, samples: number[]) => {
      const sorted = [...samples].sort((x, y) => x - y);
      console.log(
        `# ${what}, ${sorted.length} samples, 3 edges: p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms, max ${percentile(sorted, 1).toFixed(0)} ms`,
      );
      return sorted;
    };
    const d = report(
      'UpdateDistribution on edge A until Deployed (every edge heartbeated the ETag)',
      deployed,
    );
    const c = report('CreateInvalidation on edge A until Completed (every edge acknowledged)', completed);
    assert.equal(d.length, UPDATES);
    assert.ok(percentile(d, 0.5) < 1000, 'the median update reaches every edge within a second');
    assert.ok(percentile(c, 0.5) < 1000, 'the median invalidation reaches every edge within a second');
  });
});
