import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderServerTiming, serverTimingForced, serverTimingSampled } from './server-timing.ts';

test('a miss lists the upstream metrics, cdn-cache-miss, pop, request id, downstream fbl, then the origin value', () => {
  assert.equal(
    renderServerTiming({
      resultType: 'Miss',
      pop: 'PHX50-C2',
      requestId: 'abc==',
      upstream: { dnsMs: 0, connectMs: 0, firstByteMs: 177.4 },
      downstreamFirstByteMs: 436,
      originServerTiming: 'db;dur=53',
    }),
    'cdn-upstream-layer;desc="EDGE",cdn-upstream-dns;dur=0,cdn-upstream-connect;dur=0,cdn-upstream-fbl;dur=177,cdn-cache-miss,cdn-pop;desc="PHX50-C2",cdn-rid;desc="abc==",cdn-downstream-fbl;dur=436,db;dur=53',
  );
});

test('a hit lists only CloudFront metrics with the hit layer; a RefreshHit says cdn-cache-refresh', () => {
  const hit = renderServerTiming({
    resultType: 'Hit',
    pop: 'SEA19-C1',
    requestId: 'r1',
    downstreamFirstByteMs: 2,
    originServerTiming: 'db;dur=53',
  });
  assert.equal(
    hit,
    'cdn-cache-hit,cdn-pop;desc="SEA19-C1",cdn-rid;desc="r1",cdn-hit-layer;desc="EDGE",cdn-downstream-fbl;dur=2',
  );
  assert.match(
    renderServerTiming({ resultType: 'RefreshHit', pop: 'P', requestId: 'r', downstreamFirstByteMs: 1 }),
    /^cdn-cache-refresh,/,
  );
});

test('sampling follows SamplingRate; Pragma: server-timing forces it even at 0; disabled never samples', () => {
  const at = (rate: number, dice: number, pragma?: string) =>
    serverTimingSampled({ enabled: true, samplingRate: rate }, pragma, () => dice);
  assert.equal(at(0, 0), false);
  assert.equal(at(0, 0, 'no-cache, server-timing'), true);
  assert.equal(at(12.5, 0.12), true);
  assert.equal(at(12.5, 0.125), false);
  assert.equal(at(100, 0.9999), true);
  assert.equal(
    serverTimingSampled({ enabled: false, samplingRate: 100 }, 'server-timing', () => 0),
    false,
  );
  assert.equal(
    serverTimingSampled(undefined, 'server-timing', () => 0),
    false,
  );
  assert.equal(serverTimingForced('Server-Timing'), true);
  assert.equal(serverTimingForced('no-cache'), false);
});
