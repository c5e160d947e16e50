// Traces and the doctor under `frontgate serve --workers 2`: a traced request's id is readable from the one
// admin listener whichever worker served it, right after the response, and `frontgate doctor` explains a
// request end to end with the edge's trace.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CDN_HOST,
  CREDENTIALS,
  getFresh,
  PAGE_ORIGIN,
  REGION,
  REPO,
  startServeWorkers,
  untilEveryWorkerAnswered,
} from '../support/serve-workers.ts';

const OBJECT = '/videos/course-1/intro.mp4';
const run = promisify(execFile);

test('a trace is served by the admin listener whichever worker answered, and the doctor reads it', async (t) => {
  const serve = await startServeWorkers(t, { workers: 2 });
  const s3 = new S3Client({
    endpoint: serve.s3Url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  t.after(() => s3.destroy());
  await s3.send(
    new PutObjectCommand({ Bucket: 'junlog-media', Key: OBJECT.slice(1), Body: 'not really a video' }),
  );

  const replies = await untilEveryWorkerAnswered(
    () => serve.fetchCdn(OBJECT, { origin: PAGE_ORIGIN, cookie: serve.cookie, 'x-frontgate-trace': '1' }),
    { workers: 2, each: 2 },
  );
  for (const reply of replies) {
    const id = String(reply.headers['x-frontgate-trace-id']);
    assert.equal(reply.headers['x-frontgate-admin'], serve.adminUrl);
    const trace = await getFresh(`${serve.adminUrl}/traces/${id}`);
    assert.equal(trace.status, 200, `trace ${id}`);
    assert.equal(JSON.parse(trace.body.toString()).id, id);
  }

  // The doctor, in request mode, as a user runs it against this edge: the CORS verdict of the founding story.
  const port = new URL(serve.cdn).port;
  await writeFile(join(serve.dir, 'ca.pem'), serve.ca);
  const { stdout } = await run(process.execPath, [
    join(REPO, 'src/main.ts'),
    'doctor',
    '--page-origin',
    PAGE_ORIGIN,
    '--url',
    `${serve.cdn}${OBJECT}`,
    '--resolve',
    `${CDN_HOST}:${port}:127.0.0.1`,
    '--cacert',
    join(serve.dir, 'ca.pem'),
    '-H',
    `Cookie: ${serve.cookie}`,
    '--json',
  ]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  const report = JSON.parse(stdout) as Record<string, unknown>;
  const text = JSON.stringify(report);
  assert.match(text, /x-frontgate-trace-id|traceId/i, 'the doctor fetched the edge trace');
  assert.doesNotMatch(text, /traceError/, 'no trace error');
});
