import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsPreflight } from '../browser/needs-preflight.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import { readEdgeTrace } from './edge-trace-view.ts';
import { explainObservation } from './explain-observation.ts';

const page = 'https://a.example.com';
const url = 'https://cdn.example.com/v.mp4';

function observe(exchange: Partial<HttpExchange>, extra: Partial<DoctorObservation> = {}): DoctorObservation {
  return {
    pageOrigin: page,
    url,
    method: 'GET',
    credentialsMode: 'include',
    authorHeaders: [],
    preflight: needsPreflight({ method: 'GET', headers: [] }),
    cookies: { sent: [{ name: 'CloudFront-Key-Pair-Id', value: 'K' }], withheld: [] },
    actualOutcome: {
      kind: 'response',
      exchange: {
        url,
        method: 'GET',
        requestHeaders: [],
        status: 200,
        headers: {},
        bodyText: '',
        ...exchange,
      },
    },
    ...extra,
  };
}

test("a cache hit carrying another origin's ACAO is blamed on the cache key", () => {
  const report = explainObservation(
    observe({
      headers: { 'access-control-allow-origin': 'https://b.example.com', 'x-cache': 'Hit from cloudfront' },
    }),
  );
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'origin-not-in-cache-key');
  assert.equal(
    report.pageSees.kind === 'network-error' && report.pageSees.chromiumError,
    'AllowOriginMismatch',
  );
});

test('a CloudFront AccessDenied (no RequestId) is an invalid signature, an S3 one is an origin refusal', () => {
  const cf = explainObservation(
    observe({
      status: 403,
      bodyText:
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>',
    }),
  );
  assert.equal(cf.rootCause.code, 'signature-invalid');
  const s3 = explainObservation(
    observe({
      status: 403,
      bodyText:
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId><HostId>h</HostId></Error>',
    }),
  );
  assert.equal(s3.rootCause.code, 'origin-access-denied');
});

test('a 403 with CORS headers is readable by the page but still not ok', () => {
  const report = explainObservation(
    observe({
      status: 403,
      headers: { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true' },
      bodyText:
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>',
    }),
  );
  assert.deepEqual(report.pageSees, { kind: 'response', status: 403 });
  assert.equal(report.verdict, 'blocked');
  assert.equal(report.rootCause.code, 'signature-missing');
});

test('an S3 preflight refusal names the bucket CORS rule', () => {
  const preflight = needsPreflight({ method: 'PUT', headers: [] });
  const report = explainObservation(
    observe(
      {},
      {
        method: 'PUT',
        preflight,
        preflightOutcome: {
          kind: 'response',
          exchange: {
            url,
            method: 'OPTIONS',
            requestHeaders: [],
            status: 403,
            headers: {},
            bodyText:
              '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed.</Message><RequestId>1</RequestId></Error>',
          },
        },
        actualOutcome: undefined,
      },
    ),
  );
  assert.equal(report.rootCause.code, 's3-cors-no-matching-rule');
  assert.match(report.rootCause.fix, /AllowedMethods including PUT/);
});

test('readEdgeTrace flattens the edge stages and refuses other JSON', () => {
  const view = readEdgeTrace({
    id: 't',
    entries: [
      {
        stage: 'receive',
        distributionId: 'E1',
        host: 'h',
        rawPath: '/',
        rawQuery: '',
        clientIp: '::1',
        scheme: 'https',
      },
      {
        stage: 'cache-lookup',
        cacheKey: 'k',
        invalidationPath: '/',
        result: 'hit',
        keyParts: { query: '', headers: [['Origin', page]], cookies: [], acceptEncoding: undefined },
      },
      {
        stage: 'origin-request',
        originId: 'o',
        method: 'GET',
        url: 'u',
        headers: [['Origin', page]],
        signed: false,
      },
    ],
  });
  assert.equal(view.distributionId, 'E1');
  assert.deepEqual(view.cache?.keyHeaders, ['origin']);
  assert.equal(view.originRequestHeaders?.origin, page);
  assert.throws(() => readEdgeTrace({ id: 'x' }), TypeError);
});

function hitTrace(storedConfigEtag: string, currentEtag: string, originRequestPolicyId?: string) {
  return readEdgeTrace({
    id: 't1',
    entries: [
      { stage: 'receive', distributionId: 'E1', configEtag: currentEtag },
      {
        stage: 'match-behavior',
        pathPattern: '*',
        targetOriginId: 's3',
        originRawPath: '/v.mp4',
        outcome: 'matched',
        cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        originRequestPolicyId,
      },
      {
        stage: 'cache-lookup',
        cacheKey: 'k',
        invalidationPath: '/v.mp4',
        result: 'hit',
        keyParts: { query: '', headers: [], cookies: [], acceptEncoding: undefined },
        storedConfigEtag,
        storedAt: '2026-01-01T00:00:00.000Z',
      },
    ],
  });
}

test('a hit stored under an older config ETag is stale-cache, whatever its ACAO says', () => {
  const report = explainObservation(
    observe({
      headers: { 'access-control-allow-origin': 'https://b.example.com', 'x-cache': 'Hit from cloudfront' },
      trace: hitTrace('EOLD', 'ENEW', '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf'),
    }),
  );
  assert.equal(report.rootCause.code, 'stale-cache');
  assert.match(report.rootCause.explanation, /EOLD.*ENEW/s);
  assert.ok(report.stages.some((s) => s.name === 'cache' && s.outcome === 'warning'));
});

test('a hit stored under the current config is origin-not-in-cache-key with an origin request policy, origin-not-forwarded without', () => {
  const withOrp = explainObservation(
    observe({
      headers: { 'access-control-allow-origin': 'https://b.example.com', 'x-cache': 'Hit from cloudfront' },
      trace: hitTrace('ENEW', 'ENEW', '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf'),
    }),
  );
  assert.equal(withOrp.rootCause.code, 'origin-not-in-cache-key');
  const withoutOrp = explainObservation(
    observe({
      headers: { 'access-control-allow-origin': '*', 'x-cache': 'Hit from cloudfront' },
      trace: hitTrace('ENEW', 'ENEW'),
    }),
  );
  assert.equal(withoutOrp.rootCause.code, 'origin-not-forwarded');
});
