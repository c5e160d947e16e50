// An edge in front of an S3 endpoint it does not own: a second, separate `frontgate serve` process runs only
// the store (private bucket, its own key pair, virtual-hosted names under s3.localhost), and the edge process
// reaches it through `edge.origins` `s3` entries, signing as origin access control with that key pair.
// Path-style and virtual-hosted addressing, a wrong secret (the origin's 403 reaches the viewer), and the
// credentials never shown in logs, traces or the console.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type EdgeOverS3Endpoint, startEdgeOverS3Endpoint } from '../support/s3-endpoint-edge.ts';
import { startServeProcess } from '../support/serve-process.ts';

const BUCKET = 'media';
const ACCESS_KEY_ID = `EXTERNAL${randomBytes(6).toString('hex').toUpperCase()}`;
const SECRET = `external-secret-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `wrong-secret-${randomBytes(12).toString('hex')}`;

describe('edge over a separate Frontgate store used as an external S3 endpoint', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const hooks = { after: (fn: () => Promise<void> | void) => cleanups.push(fn) };
  let edge: EdgeOverS3Endpoint;
  let storeUrl: string;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-origin-s3-endpoint-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const storeDir = join(dir, 'store');
    await mkdir(storeDir);
    await writeFile(
      join(storeDir, 'store.json'),
      JSON.stringify({
        dataDir: 'data',
        s3: {
          listen: '127.0.0.1:0',
          region: 'eu-west-1',
          credentials: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }],
          buckets: [{ name: BUCKET }],
          virtualHostSuffixes: ['s3.localhost'],
        },
      }),
    );
    const store = await startServeProcess(hooks, { cwd: storeDir, config: 'store.json' });
    storeUrl = store.s3Url;
    const client = new S3Client({
      endpoint: storeUrl,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
    });
    cleanups.push(() => client.destroy());
    for (const [key, body] of [
      ['docs/hello.txt', 'hello from the external store'],
      ['docs/a b.txt', 'a key with a space'],
    ])
      await client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'text/plain' }),
      );
    const edgeDir = join(dir, 'edge');
    await mkdir(edgeDir);
    const port = new URL(storeUrl).port;
    edge = await startEdgeOverS3Endpoint(
      hooks,
      edgeDir,
      {
        endpoint: storeUrl,
        virtualEndpoint: `http://s3.localhost:${port}`,
        bucket: BUCKET,
        region: 'eu-west-1',
        accessKeyId: ACCESS_KEY_ID,
        secretAccessKey: SECRET,
        wrongSecretAccessKey: WRONG_SECRET,
      },
      'media.test',
    );
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('the bucket is private: an anonymous request to the store itself is refused', async () => {
    const response = await fetch(`${storeUrl}/${BUCKET}/docs/hello.txt`);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /<Code>AccessDenied<\/Code>/);
  });

  it('path-style: the edge signs with the endpoint’s key pair and serves, then caches, the object', async () => {
    const first = await edge.get(edge.hosts.path, '/docs/hello.txt');
    assert.equal(first.status, 200, first.body);
    assert.equal(first.body, 'hello from the external store');
    assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
    const second = await edge.get(edge.hosts.path, '/docs/hello.txt');
    assert.equal(second.headers['x-cache'], 'Hit from cloudfront');
    const spaced = await edge.get(edge.hosts.path, '/docs/a%20b.txt');
    assert.equal(spaced.status, 200, spaced.body);
    assert.equal(spaced.body, 'a key with a space');
  });

  it('virtual-hosted: the request goes to media.s3.localhost and the store finds the bucket in Host', async () => {
    const reply = await edge.get(edge.hosts.virtual, '/docs/a%20b.txt');
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.body, 'a key with a space');
    const shown = await edge.everythingShown();
    const port = new URL(storeUrl).port;
    assert.ok(
      shown.includes(`http://media.s3.localhost:${port}/docs/a%20b.txt`),
      'the trace shows the origin URL',
    );
  });

  it('a wrong secret: the store’s 403 SignatureDoesNotMatch reaches the viewer as an origin error', async () => {
    const reply = await edge.get(edge.hosts.wrong, '/docs/hello.txt');
    assert.equal(reply.status, 403);
    assert.match(reply.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.equal(reply.headers['x-cache'], 'Error from cloudfront');
    assert.equal(reply.headers['content-type'], 'application/xml');
  });

  it('neither secret nor the access key id appears in logs, trace log, admin traces or console API', async () => {
    await edge.get(edge.hosts.path, '/docs/missing.txt');
    const shown = await edge.everythingShown();
    assert.match(
      shown,
      /"stage":"origin-request"/,
      'traces were recorded, so the check below means something',
    );
    assert.match(shown, /"signed":true/);
    assert.match(shown, /edge-access/, 'the access log was written');
    for (const secret of [SECRET, WRONG_SECRET, ACCESS_KEY_ID])
      assert.ok(!shown.includes(secret), `${secret.slice(0, 8)}… was shown`);
  });
});
