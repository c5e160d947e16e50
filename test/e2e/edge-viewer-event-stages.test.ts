// The pipeline's two places for viewer code (viewer request: after behavior match and signed access,
// before the cache lookup; viewer response: every response before it is sent). The stages here are plain
// test functions: what is checked is where the pipeline runs them and what it does with their result.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ViewerRequestStage, ViewerResponseStage } from '../../src/edge/stages/viewer-event-stages.ts';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { type ScriptedResponse, startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

async function startEdge(
  t: Parameters<typeof startEdgeHarness>[0],
  stages: { viewerRequestStage?: ViewerRequestStage; viewerResponseStage?: ViewerResponseStage },
) {
  const origin = await startScriptedOrigin(
    (request): ScriptedResponse =>
      request.rawTarget.startsWith('/missing')
        ? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such object' }
        : {
            headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
            body: `origin saw ${request.rawTarget}`,
          },
  );
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1STAGES',
    config: distributionConfig({
      aliases: [HOST],
      customErrorResponses: [
        { ErrorCode: 404, ResponsePagePath: '/errors/404.html', ResponseCode: '404', ErrorCachingMinTTL: 10 },
      ],
    }),
    originUrls: { 'origin.example.com': origin.url },
  });
  const harness = await startEdgeHarness(t, [distribution], stages);
  return { origin, harness };
}

test('a viewer request stage rewrites the path before the cache lookup: the origin and the cache key see the rewrite', async (t) => {
  const seen: string[] = [];
  const { origin, harness } = await startEdge(t, {
    viewerRequestStage: async (request) => {
      seen.push(`${request.behavior.pathPattern} ${request.rawPath}`);
      const rewritten = request.originRawPath.endsWith('/')
        ? `${request.originRawPath}index.html`
        : undefined;
      return { kind: 'continue', value: rewritten ? { ...request, originRawPath: rewritten } : request };
    },
  });
  const first = await sendRaw(harness.url, '/docs/', { headers: { host: HOST } });
  assert.equal(first.status, 200);
  assert.equal(first.text, 'origin saw /docs/index.html');
  assert.equal(first.header('x-cache'), 'Miss from cloudfront');
  // Asked for directly, the rewritten path is the same cache entry.
  const second = await sendRaw(harness.url, '/docs/index.html', { headers: { host: HOST } });
  assert.equal(second.header('x-cache'), 'Hit from cloudfront');
  assert.equal(second.text, 'origin saw /docs/index.html');
  assert.equal(origin.count(), 1);
  assert.deepEqual(seen, ['* /docs/', '* /docs/index.html']);
});

test('a viewer request stage may answer itself: the origin is not contacted and CloudFront headers still apply', async (t) => {
  const { origin, harness } = await startEdge(t, {
    viewerRequestStage: async () => ({
      kind: 'respond',
      response: {
        status: 302,
        headers: [['Location', 'https://login.example.test/']],
        body: { kind: 'none' },
        resultType: 'Redirect',
        generated: 'redirect',
      },
    }),
  });
  const answer = await sendRaw(harness.url, '/private/report.pdf', { headers: { host: HOST } });
  assert.equal(answer.status, 302);
  assert.equal(answer.header('location'), 'https://login.example.test/');
  assert.equal(answer.header('x-cache'), 'Redirect from cloudfront');
  assert.equal(origin.count(), 0);
});

test('a viewer request stage is not reached by requests the edge refuses before it (unknown Host, method not allowed)', async (t) => {
  let calls = 0;
  const { harness } = await startEdge(t, {
    viewerRequestStage: async (request) => {
      calls++;
      return { kind: 'continue', value: request };
    },
  });
  assert.equal(
    (await sendRaw(harness.url, '/a.txt', { headers: { host: 'unknown.example.test' } })).status,
    403,
  );
  assert.equal(
    (await sendRaw(harness.url, '/a.txt', { method: 'DELETE', headers: { host: HOST } })).status,
    403,
  );
  assert.equal(calls, 0);
  assert.equal((await sendRaw(harness.url, '/a.txt', { headers: { host: HOST } })).status, 200);
  assert.equal(calls, 1);
});

test('a viewer response stage sees every response before it is sent: misses, hits, custom error pages and generated errors', async (t) => {
  const seen: string[] = [];
  const { harness } = await startEdge(t, {
    viewerResponseStage: async (response, context) => {
      seen.push(`${response.status} ${response.resultType} ${context.behavior?.pathPattern ?? '-'}`);
      return { ...response, headers: [...response.headers, ['x-viewer-response', String(seen.length)]] };
    },
  });
  const miss = await sendRaw(harness.url, '/a.txt', { headers: { host: HOST } });
  const hit = await sendRaw(harness.url, '/a.txt', { headers: { host: HOST } });
  const errorPage = await sendRaw(harness.url, '/missing.txt', { headers: { host: HOST } });
  const unknownHost = await sendRaw(harness.url, '/a.txt', { headers: { host: 'unknown.example.test' } });
  const refused = await sendRaw(harness.url, '/a.txt', { method: 'DELETE', headers: { host: HOST } });
  assert.deepEqual(
    [miss, hit, errorPage, unknownHost, refused].map((r) => `${r.status} ${r.header('x-viewer-response')}`),
    ['200 1', '200 2', '404 3', '403 4', '403 5'],
  );
  assert.equal(errorPage.text, 'origin saw /errors/404.html');
  assert.deepEqual(seen, ['200 Miss *', '200 Hit *', '404 Error *', '403 Error -', '403 Error *']);
});
