// The README's signed-cookie example, as written, against the local edge: a backend on the story's backend
// name calls issueSignedCookies with the README's options (the Resource with the edge's port, because
// CloudFront compares the Resource with the URL the viewer requested, port included), and the doctor — doing
// what the page does — gets the lesson. Signed without the port, the doctor names exactly that and shows the
// Resource to sign.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_DEMO_PORTS } from '../../src/demo/demo-names.ts';
import { startDemo } from '../../src/demo/start-demo.ts';
import { diagnose, parseResolveRule } from '../../src/doctor/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { issueSignedCookies } from '../../src/signer/index.ts';

const README = resolve(import.meta.dirname, '../../README.md');

/** The options object of the README's `issueSignedCookies(res, { … })` example, as literal strings. */
async function readmeExample(): Promise<Record<string, string>> {
  const readme = await readFile(README, 'utf8');
  const call = /issueSignedCookies\(res, \{([\s\S]*?)\n\}\);/.exec(readme)?.[1];
  assert.ok(call, 'README has the issueSignedCookies example');
  return Object.fromEntries([...call.matchAll(/^\s+(\w+): '([^']*)',/gm)].map((m) => [m[1]!, m[2]!]));
}

test("the README's signed-cookie example works against the local edge; without the port the doctor names it", async (t) => {
  const example = await readmeExample();
  const edgePort = DEFAULT_DEMO_PORTS.edgeHttps;
  assert.equal(example.resource, `https://dev.cloudfront.junlog.dev:${edgePort}/videos/course-1/*`);

  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-readme-signer-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const demo = await startDemo({
    mode: 'story',
    dataDir,
    logger: silentLogger,
    ports: { page: 0, backend: 0, edgeHttps: 0, edgeHttp: 0, s3: 0, admin: 0 },
  });
  t.after(() => demo.close());
  await demo.setStep(4);
  // The demo listens on free ports: the README's names and paths, with the ports this run got.
  const atThisRun = (text: string) =>
    text.replace(`:${edgePort}/`, `:${demo.ports.edgeHttps}/`).replace(':3000', `:${demo.ports.page}`);
  let resource = atThisRun(example.resource!);
  const backend = createServer(demo.prepared.tls, (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', demo.names.pageOrigin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    issueSignedCookies(res, {
      request: req,
      resource,
      keyPairId: demo.prepared.keyPairId,
      privateKey: demo.prepared.privateKey,
      expiresInSeconds: 100,
      domain: example.domain,
      pageOrigin: atThisRun(example.pageOrigin!),
    });
    res.end('{}');
  });
  backend.listen(0, '127.0.0.1');
  await once(backend, 'listening');
  t.after(() => new Promise((done) => backend.close(done)));
  const ca = await readFile(demo.prepared.caCertPath, 'utf8');
  const url = `${demo.names.cdnOrigin}/videos/course-1/lesson.json`;
  const doctor = () =>
    diagnose({
      pageOrigin: demo.names.pageOrigin,
      url,
      backendUrl: `https://local.junlog.dev:${(backend.address() as AddressInfo).port}/api/cookies`,
      resolve: [parseResolveRule('*.junlog.dev:*:127.0.0.1')],
      ca,
    });

  const asWritten = await doctor();
  assert.equal(asWritten.verdict, 'ok', `${asWritten.rootCause.code}: ${asWritten.rootCause.explanation}`);

  resource = resource.replace(`:${demo.ports.edgeHttps}/`, '/');
  const withoutPort = await doctor();
  assert.equal(withoutPort.verdict, 'blocked');
  assert.equal(withoutPort.rootCause.code, 'signed-resource-mismatch', withoutPort.rootCause.explanation);
  assert.match(withoutPort.rootCause.explanation, new RegExp(`has no port ${demo.ports.edgeHttps}`));
  assert.ok(
    withoutPort.rootCause.fix.includes(
      `"https://dev.cloudfront.junlog.dev:${demo.ports.edgeHttps}/videos/course-1/*"`,
    ),
    withoutPort.rootCause.fix,
  );
});
