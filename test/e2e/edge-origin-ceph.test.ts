// The edge in front of a real Ceph RADOS Gateway (Debian's `radosgw`), started for this file by
// scripts/start-ceph-rgw.sh: one monitor, one memstore OSD and the gateway under a temp dir, loopback only.
// Path-style and virtual-hosted addressing, the gateway's own 403 for a wrong secret, and no credentials in
// anything the edge shows. Never installs packages itself (`npm run test:fleet` does): when Ceph is missing or
// cannot start here, the whole file is skipped with the script's reason.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type EdgeOverS3Endpoint, startEdgeOverS3Endpoint } from '../support/s3-endpoint-edge.ts';

const SCRIPT = join(import.meta.dirname, '../../scripts/start-ceph-rgw.sh');
const BUCKET = 'media';

type Cluster = {
  readonly endpoint: string;
  readonly virtualHostEndpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly dataDir: string;
  readonly startSeconds: number;
};

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('bash', [SCRIPT, ...args], { timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

const dir = await mkdtemp(join(tmpdir(), 'edge-origin-ceph-'));
const started = await run(['start', '--no-install', join(dir, 'ceph')]);
let cluster: Cluster | undefined;
let skip: string | false = false;
if (started.code === 0) cluster = JSON.parse(started.stdout) as Cluster;
else
  skip = `Ceph RGW is not available here (start-ceph-rgw.sh exit ${started.code}): ${
    started.stderr.trim().split('\n')[0] ?? 'no reason given'
  }`;

after(async () => {
  if (cluster) await run(['stop', cluster.dataDir]);
  await rm(dir, { recursive: true, force: true });
});

describe('edge over a Ceph RADOS Gateway as an external S3 endpoint', { skip }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const hooks = { after: (fn: () => Promise<void> | void) => cleanups.push(fn) };
  const wrongSecret = `wrong-${randomBytes(12).toString('hex')}`;
  let edge: EdgeOverS3Endpoint;
  let ceph: Cluster;

  before(async () => {
    ceph = cluster as Cluster;
    const client = new S3Client({
      endpoint: ceph.endpoint,
      region: ceph.region,
      forcePathStyle: true,
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    });
    cleanups.push(() => client.destroy());
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const [key, body] of [
      ['docs/hello.txt', 'hello from ceph'],
      ['docs/a b.txt', 'a key with a space, in RADOS'],
    ])
      await client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'text/plain' }),
      );
    const edgeDir = join(dir, 'edge');
    await mkdir(edgeDir);
    edge = await startEdgeOverS3Endpoint(
      hooks,
      edgeDir,
      {
        endpoint: ceph.endpoint,
        virtualEndpoint: ceph.virtualHostEndpoint,
        bucket: BUCKET,
        // The gateway accepts any region in the credential scope; the distribution names eu-west-1.
        region: 'eu-west-1',
        accessKeyId: ceph.accessKeyId,
        secretAccessKey: ceph.secretAccessKey,
        wrongSecretAccessKey: wrongSecret,
      },
      'ceph.test',
    );
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('the bucket is private: the gateway refuses an anonymous request', async () => {
    const response = await fetch(`${ceph.endpoint}/${BUCKET}/docs/hello.txt`);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /<Code>AccessDenied<\/Code>/);
  });

  it('path-style: the edge signs for the gateway and serves, then caches, the objects', async () => {
    const first = await edge.get(edge.hosts.path, '/docs/hello.txt');
    assert.equal(first.status, 200, first.body);
    assert.equal(first.body, 'hello from ceph');
    assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
    assert.equal(
      (await edge.get(edge.hosts.path, '/docs/hello.txt')).headers['x-cache'],
      'Hit from cloudfront',
    );
    const spaced = await edge.get(edge.hosts.path, '/docs/a%20b.txt');
    assert.equal(spaced.status, 200, spaced.body);
    assert.equal(spaced.body, 'a key with a space, in RADOS');
  });

  it('virtual-hosted: media.s3.localhost reaches the bucket through rgw_dns_name', async () => {
    const reply = await edge.get(edge.hosts.virtual, '/docs/a%20b.txt');
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.body, 'a key with a space, in RADOS');
    const port = new URL(ceph.endpoint).port;
    assert.ok((await edge.everythingShown()).includes(`http://media.s3.localhost:${port}/docs/a%20b.txt`));
  });

  it('a wrong secret: the gateway’s 403 SignatureDoesNotMatch reaches the viewer', async () => {
    const reply = await edge.get(edge.hosts.wrong, '/docs/hello.txt');
    assert.equal(reply.status, 403);
    assert.match(reply.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.equal(reply.headers['x-cache'], 'Error from cloudfront');
  });

  it('neither secret nor the access key id appears in logs, traces or the console API', async () => {
    const shown = await edge.everythingShown();
    assert.match(shown, /"signed":true/, 'signed origin requests were traced');
    for (const secret of [ceph.secretAccessKey, wrongSecret, ceph.accessKeyId])
      assert.ok(!shown.includes(secret), `${secret.slice(0, 6)}… was shown`);
  });
});
