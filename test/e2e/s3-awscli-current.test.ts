// Current client defaults through real AWS CLIs: the pip AWS CLI v1 with botocore 1.43 (checksums on by
// default, FULL_OBJECT multipart checksums, conditional deletes, ListBuckets paging, GetObjectAttributes)
// and Debian's AWS CLI v2.9 for the flows its older botocore can express (composite checksums,
// GetObjectAttributes, canned ACLs). A CLI that is not installed is skipped with the reason.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const run = promisify(execFile);
const PYENV_SHIM = '/root/.pyenv/shims/aws';
const DEBIAN_CLI = '/usr/bin/aws';

/** The shim re-runs pyenv on every call (seconds each); the binary it resolves to answers the same, faster. */
async function resolvePyenvCli(): Promise<string | undefined> {
  if (!existsSync(PYENV_SHIM)) return undefined;
  try {
    const { stdout } = await run('/root/.pyenv/libexec/pyenv', ['which', 'aws']);
    return stdout.trim() || PYENV_SHIM;
  } catch {
    return PYENV_SHIM;
  }
}

async function versionOf(binary: string | undefined): Promise<string | undefined> {
  if (binary === undefined) return undefined;
  try {
    const { stdout, stderr } = await run(binary, ['--version']);
    return (stdout || stderr).trim();
  } catch {
    return undefined;
  }
}

type Cli = (...args: string[]) => Promise<string>;

async function startWithCli(t: TestContext, binary: string): Promise<{ aws: Cli; url: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 's3-awscli-current-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const credentials = {
    accessKeyId: `AKIA${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString('base64'),
  };
  const config = parseS3Config(
    {
      listen: '127.0.0.1:0',
      credentials: [credentials],
      buckets: [{ name: 'cli-bucket' }, { name: 'cli-other' }],
    },
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
  const aws: Cli = async (...args) =>
    (await run(binary, ['--endpoint-url', service.url, '--output', 'json', ...args], { env, cwd: dir }))
      .stdout;
  return { aws, url: service.url, dir };
}

/** Runs a CLI call that must fail; returns its stderr (the CLI prints S3's error code there). */
async function failure(call: Promise<string>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  assert.fail('the CLI call succeeded');
}

const pyenvCli = await resolvePyenvCli();
const pyenvVersion = await versionOf(pyenvCli);
const debianVersion = await versionOf(existsSync(DEBIAN_CLI) ? DEBIAN_CLI : undefined);

test(`AWS CLI v1 with current botocore (${pyenvVersion ?? 'not installed'}): FULL_OBJECT multipart, attributes, conditional deletes, ListBuckets paging`, {
  skip: pyenvCli === undefined || pyenvVersion === undefined ? `no pip AWS CLI at ${PYENV_SHIM}` : false,
}, async (t) => {
  const { aws, dir } = await startWithCli(t, pyenvCli as string);
  const body = randomBytes(200_000);
  await writeFile(join(dir, 'part.bin'), body);
  const whole = Buffer.alloc(4);
  whole.writeUInt32BE(crc32(body));
  const created = JSON.parse(
    await aws(
      's3api',
      'create-multipart-upload',
      '--bucket',
      'cli-bucket',
      '--key',
      'full.bin',
      '--checksum-algorithm',
      'CRC32',
      '--checksum-type',
      'FULL_OBJECT',
    ),
  );
  assert.equal(created.ChecksumType, 'FULL_OBJECT');
  const part = JSON.parse(
    await aws(
      's3api',
      'upload-part',
      '--bucket',
      'cli-bucket',
      '--key',
      'full.bin',
      '--upload-id',
      created.UploadId,
      '--part-number',
      '1',
      '--body',
      join(dir, 'part.bin'),
      '--checksum-algorithm',
      'CRC32',
    ),
  );
  const parts = { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 }] };
  const done = JSON.parse(
    await aws(
      's3api',
      'complete-multipart-upload',
      '--bucket',
      'cli-bucket',
      '--key',
      'full.bin',
      '--upload-id',
      created.UploadId,
      '--multipart-upload',
      JSON.stringify(parts),
      '--checksum-type',
      'FULL_OBJECT',
      '--checksum-crc32',
      whole.toString('base64'),
    ),
  );
  assert.equal(done.ChecksumCRC32, whole.toString('base64'));
  assert.equal(done.ChecksumType, 'FULL_OBJECT');

  const attributes = JSON.parse(
    await aws(
      's3api',
      'get-object-attributes',
      '--bucket',
      'cli-bucket',
      '--key',
      'full.bin',
      '--object-attributes',
      'ETag',
      'Checksum',
      'ObjectParts',
      'ObjectSize',
    ),
  );
  assert.equal(attributes.ObjectSize, body.length);
  assert.equal(attributes.Checksum.ChecksumCRC32, whole.toString('base64'));
  assert.equal(attributes.ObjectParts.TotalPartsCount, 1);

  const refused = await failure(
    aws(
      's3api',
      'delete-object',
      '--bucket',
      'cli-bucket',
      '--key',
      'full.bin',
      '--if-match',
      '"0123456789abcdef0123456789abcdef"',
    ),
  );
  assert.match(refused, /PreconditionFailed/);
  await aws('s3api', 'delete-object', '--bucket', 'cli-bucket', '--key', 'full.bin', '--if-match', done.ETag);
  assert.match(
    await failure(aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'full.bin')),
    /404/,
  );

  const page = JSON.parse(await aws('s3api', 'list-buckets', '--page-size', '1', '--max-items', '1'));
  assert.deepEqual(
    page.Buckets.map((b: { Name: string }) => b.Name),
    ['cli-bucket'],
  );
  assert.ok(page.NextToken, 'the server said there are more buckets');
  const rest = JSON.parse(
    await aws('s3api', 'list-buckets', '--page-size', '1', '--starting-token', page.NextToken),
  );
  assert.deepEqual(
    rest.Buckets.map((b: { Name: string }) => b.Name),
    ['cli-other'],
  );

  await aws(
    's3api',
    'put-object',
    '--bucket',
    'cli-bucket',
    '--key',
    'handed-over.txt',
    '--body',
    join(dir, 'part.bin'),
    '--acl',
    'bucket-owner-full-control',
  );
  assert.match(
    await failure(
      aws(
        's3api',
        'head-object',
        '--bucket',
        'cli-bucket',
        '--key',
        'handed-over.txt',
        '--expected-bucket-owner',
        '111122223333',
      ),
    ),
    /403/,
  );
});

test(`Debian's AWS CLI v2 (${debianVersion ?? 'not installed'}): composite checksums, attributes and canned ACLs`, {
  skip: debianVersion === undefined ? `no AWS CLI at ${DEBIAN_CLI}` : false,
}, async (t) => {
  const { aws, dir } = await startWithCli(t, DEBIAN_CLI);
  const body = randomBytes(150_000);
  await writeFile(join(dir, 'part.bin'), body);
  const created = JSON.parse(
    await aws(
      's3api',
      'create-multipart-upload',
      '--bucket',
      'cli-bucket',
      '--key',
      'composite.bin',
      '--checksum-algorithm',
      'SHA256',
    ),
  );
  const part = JSON.parse(
    await aws(
      's3api',
      'upload-part',
      '--bucket',
      'cli-bucket',
      '--key',
      'composite.bin',
      '--upload-id',
      created.UploadId,
      '--part-number',
      '1',
      '--body',
      join(dir, 'part.bin'),
      '--checksum-algorithm',
      'SHA256',
    ),
  );
  const partSha = createHash('sha256').update(body).digest();
  assert.equal(part.ChecksumSHA256, partSha.toString('base64'));
  const parts = { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumSHA256: part.ChecksumSHA256 }] };
  const done = JSON.parse(
    await aws(
      's3api',
      'complete-multipart-upload',
      '--bucket',
      'cli-bucket',
      '--key',
      'composite.bin',
      '--upload-id',
      created.UploadId,
      '--multipart-upload',
      JSON.stringify(parts),
    ),
  );
  assert.equal(done.ChecksumSHA256, `${createHash('sha256').update(partSha).digest('base64')}-1`);
  const attributes = JSON.parse(
    await aws(
      's3api',
      'get-object-attributes',
      '--bucket',
      'cli-bucket',
      '--key',
      'composite.bin',
      '--object-attributes',
      'ObjectParts',
      'StorageClass',
    ),
  );
  assert.equal(attributes.StorageClass, 'STANDARD');
  assert.equal(attributes.ObjectParts.Parts[0].ChecksumSHA256, part.ChecksumSHA256);
  await aws(
    's3api',
    'put-object',
    '--bucket',
    'cli-bucket',
    '--key',
    'handed-over.txt',
    '--body',
    join(dir, 'part.bin'),
    '--acl',
    'bucket-owner-full-control',
  );
  const acl = JSON.parse(
    await aws('s3api', 'get-object-acl', '--bucket', 'cli-bucket', '--key', 'handed-over.txt'),
  );
  assert.deepEqual(
    acl.Grants.map((g: { Permission: string }) => g.Permission),
    ['FULL_CONTROL'],
  );
});
