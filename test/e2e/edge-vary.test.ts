// Vary on origin responses (AWS: "HTTP request headers and CloudFront behavior (custom and Amazon S3 origins)", docs/decisions/): custom origins keep only Accept-Encoding,
// Cookie and the names of headers forwarded to the origin; S3 origins pass Vary through.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';
const VARY = 'Origin, User-Agent, Accept-Encoding, X-Tenant, Cookie';
const ALL_VIEWER_ORP = '216adef6-5c7f-47e4-b989-5492eafa07d3';
const CORS_S3_ORIGIN_ORP = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';

async function varyThrough(t: TestContext, overrides: Parameters<typeof distributionConfig>[0]) {
  const origin = await startScriptedOrigin(() => ({ headers: { vary: VARY }, body: 'x' }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1VARY',
    config: distributionConfig({ aliases: [HOST], ...overrides }),
    originUrls: {
      'origin.example.com': origin.url,
      'media.s3.us-east-1.amazonaws.com': origin.url,
    },
  });
  const harness = await startEdgeHarness(t, [distribution]);
  const res = await sendRaw(harness.url, '/v', { headers: { host: HOST } });
  assert.equal(res.status, 200);
  return res.header('vary');
}

test('a custom origin behind CachingOptimized keeps only Accept-Encoding and Cookie in Vary', async (t) => {
  assert.equal(await varyThrough(t, {}), 'Accept-Encoding, Cookie');
});

test('a custom origin keeps the Vary names its origin request policy forwards', async (t) => {
  assert.equal(
    await varyThrough(t, { defaultBehavior: { OriginRequestPolicyId: CORS_S3_ORIGIN_ORP } }),
    'Origin, Accept-Encoding, Cookie',
  );
  assert.equal(await varyThrough(t, { defaultBehavior: { OriginRequestPolicyId: ALL_VIEWER_ORP } }), VARY);
});

test('an S3 origin passes Vary through unfiltered', async (t) => {
  assert.equal(await varyThrough(t, { s3: true }), VARY);
});
