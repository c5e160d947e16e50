// `frontgate serve --config` as users run it, in a child process: it prints the URLs it listens on, serves
// the store and the edge, picks up a changed distribution on SIGHUP while keeping the cache (the founding
// story's step 3), invalidates through `frontgate invalidate`, and exits cleanly on SIGTERM.

import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { request } from 'undici';

const REPO = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(REPO, 'examples/junlog');
const CDN_HOST = 'dev.cloudfront.junlog.dev';
const PAGE_ORIGIN = 'https://local.junlog.dev:3000';
const run = promisify(execFile);

/** The scenario's distribution, made public (no key group) and reachable over plain HTTP for this test. */
async function publicDistribution(file: string): Promise<string> {
  const source = JSON.parse(await readFile(join(EXAMPLES, file), 'utf8'));
  const behavior = source.DistributionConfig.DefaultCacheBehavior;
  behavior.TrustedKeyGroups = { Enabled: false, Quantity: 0 };
  behavior.ViewerProtocolPolicy = 'allow-all';
  return JSON.stringify(source, null, 2);
}

async function readUrls(
  child: ChildProcessWithoutNullStreams,
): Promise<{ urls: Record<string, string>; printed: string }> {
  let printed = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      if (printed.includes('Ready.')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`frontgate serve exited with ${code} before it was ready`)),
    );
  });
  const urls: Record<string, string> = {};
  for (const [, label, url] of printed.matchAll(/^(S3 API|Edge|Admin):\s+(\S+)$/gm)) {
    urls[label === 'Edge' && url!.startsWith('https') ? 'EdgeTls' : label!] = url!;
  }
  return { urls, printed };
}

test('frontgate serve runs the story from a config file, reloads on SIGHUP keeping the cache, stops on SIGTERM', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-serve-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'distribution.json'), await publicDistribution('distribution.before-fix.json'));
  const credentials = { accessKeyId: 'SERVETESTKEY', secretAccessKey: 'serve-test-secret' };
  await writeFile(
    join(dir, 'frontgate.json'),
    JSON.stringify({
      dataDir: 'data',
      s3: {
        listen: '127.0.0.1:0',
        region: 'ap-northeast-2',
        credentials: [credentials],
        buckets: [
          {
            name: 'junlog-media',
            cors: join(EXAMPLES, 'bucket-cors.json'),
            allowedDistributions: ['E1JUNLOGDEV'],
          },
        ],
      },
      edge: {
        listen: '127.0.0.1:0',
        admin: { listen: '127.0.0.1:0' },
        distributions: [{ id: 'E1JUNLOGDEV', config: 'distribution.json' }],
        origins: { 'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded' },
      },
    }),
  );
  // One process: "the cache survived the reload" is about one cache; workers keep one each
  // (workers-propagation.test.ts covers reloads under workers).
  const child = spawn(
    process.execPath,
    [join(REPO, 'src/main.ts'), 'serve', '--config', 'frontgate.json', '--workers', '1'],
    { cwd: dir },
  );
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const { urls, printed } = await readUrls(child);
  assert.match(
    printed,
    /^Distribution E1JUNLOGDEV: dev\.cloudfront\.junlog\.dev, d[a-z0-9]{13}\.cloudfront\.net /m,
  );
  assert.match(urls['S3 API'] ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, stderr);
  assert.match(urls.Edge ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(urls.Admin ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);

  const s3 = new S3Client({
    endpoint: urls['S3 API'],
    region: 'ap-northeast-2',
    forcePathStyle: true,
    credentials,
  });
  t.after(() => s3.destroy());
  await s3.send(
    new PutObjectCommand({
      Bucket: 'junlog-media',
      Key: 'videos/course-1/lesson.json',
      Body: '{"lesson":1}',
    }),
  );
  // undici's request, not fetch: fetch drops a Host header, and the edge finds the distribution by Host.
  const fetchLesson = async () => {
    const response = await request(`${urls.Edge}/videos/course-1/lesson.json`, {
      headers: { host: CDN_HOST, origin: PAGE_ORIGIN },
    });
    const text = await response.body.text();
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    };
    return { text, headers: { get: header } };
  };

  const before = await fetchLesson();
  assert.equal(before.text, '{"lesson":1}');
  assert.equal(before.headers.get('access-control-allow-origin'), '*');
  assert.equal(before.headers.get('x-cache'), 'Miss from cloudfront');

  await writeFile(join(dir, 'distribution.json'), await publicDistribution('distribution.after-fix.json'));
  child.kill('SIGHUP');
  const admin = async () => (await (await fetch(`${urls.Admin}/distributions`)).json()) as unknown;
  for (let i = 0; i < 50 && !JSON.stringify(await admin()).includes('E2FIXED'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(JSON.stringify(await admin()), /E2FIXED/, 'the edge serves the fixed config');
  const cached = await fetchLesson();
  assert.equal(cached.headers.get('x-cache'), 'Hit from cloudfront', 'the cache survived the reload');
  assert.equal(cached.headers.get('access-control-allow-origin'), '*');

  const invalidation = await run(
    process.execPath,
    [
      join(REPO, 'src/main.ts'),
      'invalidate',
      '--distribution-id',
      'E1JUNLOGDEV',
      '--paths',
      '/*',
      '--admin',
      urls.Admin!,
      '--wait',
    ],
    { cwd: dir },
  );
  // Printed as create-invalidation prints it (InProgress), then, with --wait, once more when Completed.
  const [created, completed] = invalidation.stdout.split(/\n(?=\{)/).map((json) => JSON.parse(json));
  assert.match(created.Invalidation.Id, /^I[A-Z0-9]+$/);
  assert.equal(completed.Invalidation.Status, 'Completed');
  const fixed = await fetchLesson();
  assert.equal(fixed.headers.get('x-cache'), 'Miss from cloudfront');
  assert.equal(fixed.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
  assert.equal(fixed.headers.get('access-control-allow-credentials'), 'true');

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, stderr);
});
