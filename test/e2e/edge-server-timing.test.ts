// Server-Timing from a response headers policy's ServerTimingHeadersConfig on the running edge
// (AWS: "Add or remove HTTP headers in CloudFront responses with a policy"): sampled or forced by `Pragma: server-timing`, miss vs hit metrics, the
// origin's own Server-Timing merged on the miss only.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { compileTestDistribution, distributionConfig, startEdgeHarness } from '../support/edge-harness.ts';
import { sendRaw } from '../support/http-client.ts';
import { startScriptedOrigin } from '../support/scripted-origin.ts';

const HOST = 'cdn.example.test';

async function setup(t: TestContext, samplingRate: number, dice: number) {
  const origin = await startScriptedOrigin(() => ({
    headers: { 'server-timing': 'app;dur=12', 'cache-control': 'max-age=60' },
    body: 'x',
  }));
  t.after(() => origin.close());
  const distribution = compileTestDistribution({
    id: 'E1TIMING',
    config: distributionConfig({
      aliases: [HOST],
      defaultBehavior: { ResponseHeadersPolicyId: 'rhp-timing' },
    }),
    originUrls: { 'origin.example.com': origin.url },
    customPolicies: {
      responseHeadersPolicies: [
        {
          Id: 'rhp-timing',
          ResponseHeadersPolicyConfig: {
            Name: 'timing',
            ServerTimingHeadersConfig: { Enabled: true, SamplingRate: samplingRate },
          },
        },
      ],
    },
  });
  const harness = await startEdgeHarness(t, [distribution], { pop: 'PHX50-C2', random: () => dice });
  const send = (target: string, headers: Record<string, string> = {}) =>
    sendRaw(harness.url, target, { headers: { host: HOST, ...headers } });
  return { send };
}

test('at 100 % every answer has Server-Timing: the miss merges the origin value, the hit has only CloudFront metrics', async (t) => {
  const { send } = await setup(t, 100, 0.5);
  const miss = await send('/a');
  const missTiming = miss.header('server-timing') ?? '';
  assert.match(
    missTiming,
    /^cdn-upstream-layer;desc="EDGE",cdn-upstream-dns;dur=\d+,cdn-upstream-connect;dur=\d+,cdn-upstream-fbl;dur=\d+,cdn-cache-miss,cdn-pop;desc="PHX50-C2",cdn-rid;desc="([^"]+)",cdn-downstream-fbl;dur=\d+,app;dur=12$/,
  );
  assert.equal(/cdn-rid;desc="([^"]+)"/.exec(missTiming)?.[1], miss.header('x-amz-cf-id'));
  assert.equal(miss.rawHeaders.filter(([n]) => n.toLowerCase() === 'server-timing').length, 1);
  const hit = await send('/a');
  assert.equal(hit.header('x-cache'), 'Hit from cloudfront');
  assert.match(
    hit.header('server-timing') ?? '',
    /^cdn-cache-hit,cdn-pop;desc="PHX50-C2",cdn-rid;desc="[^"]+",cdn-hit-layer;desc="EDGE",cdn-downstream-fbl;dur=\d+$/,
  );
});

test('at rate 0 the origin Server-Timing passes untouched unless Pragma: server-timing forces CloudFront metrics', async (t) => {
  const { send } = await setup(t, 0, 0);
  const plain = await send('/b');
  assert.equal(plain.header('server-timing'), 'app;dur=12');
  const forced = await send('/b', { pragma: 'server-timing' });
  assert.match(forced.header('server-timing') ?? '', /^cdn-cache-hit,cdn-pop;desc="PHX50-C2"/);
});
