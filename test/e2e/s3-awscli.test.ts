// The S3 API driven by the real AWS CLI — Debian's (`/usr/bin/aws`, v2) and whatever `aws` is first on PATH
// (often a v1) — : cp (single and multipart), ls, sync, rm, mb/rb, ACLs, put/get-bucket-cors and presign.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const run = promisify(execFile);

/** The installed AWS CLIs, one per distinct version: `[binary, "aws-cli/2.9.19 …"]`. */
async function installedClis(): Promise<[string, string][]> {
  const found = new Map<string, string>();
  for (const binary of ['/usr/bin/aws', 'aws']) {
    try {
      const { stdout, stderr } = await run(binary, ['--version']);
      const version = (stdout || stderr).trim().split(' ')[0]!;
      if (!found.has(version)) found.set(version, binary);
    } catch {
      // not installed under that name
    }
  }
  return [...found].map(([version, binary]) => [binary, version]);
}

const clis = await installedClis();

test("an AWS CLI is installed (scripts/ensure-system-deps.sh installs Debian's awscli)", () => {
  assert.ok(clis.length > 0, 'no `aws` found: apt-get install -y awscli');
});

for (const [binary, version] of clis) {
  test(`${version} (${binary}) copies, lists, syncs, removes, sets ACLs, configures CORS and presigns`, async (t) => {
    await exerciseCli(t, binary, version);
  });
}

async function exerciseCli(t: TestContext, binary: string, version: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 's3-awscli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const credentials = {
    accessKeyId: `AKIA${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString('base64'),
  };
  const config = parseS3Config(
    { listen: '127.0.0.1:0', credentials: [credentials], buckets: [{ name: 'cli-bucket' }] },
    createConfigContext(dir),
  );
  const service = await startS3Service(config, { store: createMemoryObjectStore(), logger: silentLogger });
  t.after(() => service.close());
  await writeFile(join(dir, 'config'), '[default]\n');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const aws = async (...args: string[]) =>
    (
      await run(binary, ['--endpoint-url', service.url, ...args], {
        env,
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      })
    ).stdout;

  const content = randomBytes(300_000);
  await writeFile(join(dir, 'up.bin'), content);
  await aws('s3', 'cp', join(dir, 'up.bin'), 's3://cli-bucket/files/up.bin');
  await aws('s3', 'cp', 's3://cli-bucket/files/up.bin', join(dir, 'down.bin'));
  assert.ok((await readFile(join(dir, 'down.bin'))).equals(content));

  const listing = await aws('s3', 'ls', 's3://cli-bucket/files/');
  assert.match(listing, /300000 up\.bin/);
  assert.match(await aws('s3', 'ls'), /cli-bucket/);

  await mkdir(join(dir, 'site/css'), { recursive: true });
  await writeFile(join(dir, 'site/index.html'), '<h1>hi</h1>');
  await writeFile(join(dir, 'site/css/a.css'), 'body{}');
  await aws('s3', 'sync', join(dir, 'site'), 's3://cli-bucket/site');
  const synced = await aws('s3', 'ls', '--recursive', 's3://cli-bucket/site/');
  assert.match(synced, /site\/index\.html/);
  assert.match(synced, /site\/css\/a\.css/);
  const again = await aws('s3', 'sync', join(dir, 'site'), 's3://cli-bucket/site');
  assert.equal(again.trim(), '', 'a second sync uploads nothing');

  await aws('s3', 'rm', 's3://cli-bucket/site/css/a.css');
  assert.doesNotMatch(await aws('s3', 'ls', '--recursive', 's3://cli-bucket/site/'), /a\.css/);

  const cors = {
    CORSRules: [
      {
        AllowedHeaders: ['*'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedOrigins: ['https://local.junlog.dev:3000'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3000,
      },
    ],
  };
  await writeFile(join(dir, 'cors.json'), JSON.stringify(cors));
  await aws(
    's3api',
    'put-bucket-cors',
    '--bucket',
    'cli-bucket',
    '--cors-configuration',
    `file://${join(dir, 'cors.json')}`,
  );
  assert.deepEqual(JSON.parse(await aws('s3api', 'get-bucket-cors', '--bucket', 'cli-bucket')), cors);

  // Above the CLI's 8 MiB threshold: a multipart upload whose parts go out with Expect: 100-continue.
  const big = randomBytes(9 * 1024 * 1024);
  await writeFile(join(dir, 'big.bin'), big);
  await aws('s3', 'cp', join(dir, 'big.bin'), 's3://cli-bucket/big.bin');
  const bigHead = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin'));
  assert.equal(bigHead.ContentLength, big.length);
  assert.match(bigHead.ETag, /-2"$/);

  // Canned ACLs through s3api, and bucket lifecycle through mb/rb.
  assert.equal((await fetch(`${service.url}/cli-bucket/files/up.bin`)).status, 403);
  await aws(
    's3api',
    'put-object-acl',
    '--bucket',
    'cli-bucket',
    '--key',
    'files/up.bin',
    '--acl',
    'public-read',
  );
  assert.equal((await fetch(`${service.url}/cli-bucket/files/up.bin`)).status, 200);
  const objectAcl = JSON.parse(
    await aws('s3api', 'get-object-acl', '--bucket', 'cli-bucket', '--key', 'files/up.bin'),
  );
  assert.deepEqual(
    objectAcl.Grants.map((g: { Permission: string }) => g.Permission),
    ['READ', 'FULL_CONTROL'],
  );
  const bucketAcl = JSON.parse(await aws('s3api', 'get-bucket-acl', '--bucket', 'cli-bucket'));
  assert.equal(bucketAcl.Grants.length, 1);
  await aws('s3', 'mb', 's3://made-by-cli');
  assert.match(await aws('s3', 'ls'), /made-by-cli/);
  await aws('s3', 'rb', 's3://made-by-cli');
  assert.doesNotMatch(await aws('s3', 'ls'), /made-by-cli/);

  if (version.startsWith('aws-cli/1.')) {
    // awscli v1 presigns with SigV2 unless told otherwise; like S3's newer buckets we refuse SigV2.
    const sigV2 = await fetch((await aws('s3', 'presign', 's3://cli-bucket/files/up.bin')).trim());
    assert.equal(sigV2.status, 400);
    assert.match(await sigV2.text(), /Please use AWS4-HMAC-SHA256/);
    await writeFile(join(dir, 'config'), '[default]\ns3 =\n    signature_version = s3v4\n');
  }
  const url = (await aws('s3', 'presign', 's3://cli-bucket/files/up.bin', '--expires-in', '300')).trim();
  const fetched = await fetch(url);
  assert.equal(fetched.status, 200);
  assert.ok(Buffer.from(await fetched.arrayBuffer()).equals(content));
}
