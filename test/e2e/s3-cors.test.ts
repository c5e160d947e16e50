// Bucket CORS over the wire with the junlog rules (spec s3.md A.3–A.6): preflights in S3's decision
// order, actual requests, error responses carrying CORS headers, nothing without Origin.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const scenario = join(import.meta.dirname, '../../examples/junlog');
const page = 'https://local.junlog.dev:3000';
const vary = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

async function start(t: import('node:test').TestContext) {
  const cors = JSON.parse(await readFile(join(scenario, 'bucket-cors.json'), 'utf8'));
  const config = parseS3Config(
    {
      listen: '127.0.0.1:0',
      buckets: [
        { name: 'junlog-media', acl: 'public-read', cors },
        { name: 'no-cors', acl: 'public-read' },
      ],
    },
    createConfigContext(scenario),
  );
  const store = createMemoryObjectStore();
  const service = await startS3Service(config, { store, logger: silentLogger });
  t.after(() => service.close());
  await store.putObject(
    'junlog-media',
    'videos/course-1/a.mp4',
    (await import('node:stream')).Readable.from([Buffer.from('clip')]),
    { userMetadata: {}, contentType: 'video/mp4', acl: 'public-read' },
  );
  return service.url;
}

const errorCode = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

test('preflights follow S3 decision order', async (t) => {
  const url = await start(t);
  const key = `${url}/junlog-media/videos/course-1/a.mp4`;
  const noOrigin = await fetch(key, {
    method: 'OPTIONS',
    headers: { 'access-control-request-method': 'GET' },
  });
  assert.equal(noOrigin.status, 400);
  assert.equal(errorCode(await noOrigin.text()), 'BadRequest');

  const missing = await fetch(`${url}/no-such-bucket/k`, {
    method: 'OPTIONS',
    headers: { origin: page, 'access-control-request-method': 'GET' },
  });
  assert.equal(missing.status, 403);
  assert.match(await missing.text(), /CORSResponse: Bucket not found/);

  const notEnabled = await fetch(`${url}/no-cors/k`, {
    method: 'OPTIONS',
    headers: { origin: page, 'access-control-request-method': 'PUT' },
  });
  assert.equal(notEnabled.status, 403);
  const notEnabledBody = await notEnabled.text();
  assert.match(notEnabledBody, /CORS is not enabled for this bucket/);
  assert.match(notEnabledBody, /<Method>PUT<\/Method><ResourceType>BUCKET<\/ResourceType>/);

  const noMethod = await fetch(key, { method: 'OPTIONS', headers: { origin: page } });
  assert.equal(noMethod.status, 400);
  assert.match(await noMethod.text(), /Invalid Access-Control-Request-Method: null/);

  const denied = await fetch(key, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get('access-control-allow-origin'), null);
  assert.match(await denied.text(), /<Code>AccessForbidden<\/Code>.*<ResourceType>OBJECT<\/ResourceType>/);

  const ok = await fetch(key, {
    method: 'OPTIONS',
    headers: {
      origin: page,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'Range, X-Custom',
    },
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), page);
  assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(ok.headers.get('access-control-allow-methods'), 'GET, HEAD');
  assert.equal(ok.headers.get('access-control-allow-headers'), 'range, x-custom');
  assert.equal(ok.headers.get('access-control-max-age'), '3000');
  assert.equal(ok.headers.get('vary'), vary);
  assert.equal(ok.headers.get('content-length'), '0');
  assert.equal(await ok.text(), '');
});

test('actual requests get CORS headers only with a matching Origin, errors included', async (t) => {
  const url = await start(t);
  const key = `${url}/junlog-media/videos/course-1/a.mp4`;
  const plain = await fetch(key);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
  assert.equal(plain.headers.get('vary'), null);

  const cors = await fetch(key, { headers: { origin: page } });
  assert.equal(await cors.text(), 'clip');
  assert.equal(cors.headers.get('access-control-allow-origin'), page);
  assert.equal(cors.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(cors.headers.get('vary'), vary);

  const other = await fetch(key, { headers: { origin: 'https://evil.example' } });
  assert.equal(other.status, 200);
  assert.equal(other.headers.get('access-control-allow-origin'), null);

  const notFound = await fetch(`${url}/junlog-media/videos/missing.mp4`, { headers: { origin: page } });
  assert.equal(notFound.status, 404);
  assert.equal(errorCode(await notFound.text()), 'NoSuchKey');
  assert.equal(notFound.headers.get('access-control-allow-origin'), page);

  const forbidden = await fetch(key, {
    method: 'DELETE',
    headers: { origin: page, 'access-control-request-method': 'GET' },
  });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.headers.get('access-control-allow-origin'), page);

  const list = await fetch(`${url}/`, { headers: { origin: page } });
  assert.equal(list.headers.get('access-control-allow-origin'), null);
});
