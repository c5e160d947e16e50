import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPair, getSignedCookies, getSignedUrl, renderCustomPolicy } from '../../signer/index.ts';
import { needsPreflight } from '../browser/needs-preflight.ts';
import { explainObservation } from './explain-observation.ts';
import { describeResourceMismatch, findResourceMismatch } from './find-resource-mismatch.ts';

const keys = await generateKeyPair({ type: 'ecdsa' });
const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

function cookiesFor(resource: string): { name: string; value: string }[] {
  const signed = getSignedCookies({
    keyPairId: 'K2JUNLOGDEVKEY01',
    privateKey: keys.privateKeyPem,
    policy: renderCustomPolicy({ resource, dateLessThan: inAnHour }),
  });
  return Object.entries(signed).map(([name, value]) => ({ name, value: String(value) }));
}

const viewerUrl = 'https://dev.cloudfront.junlog.dev:8443/videos/course-1/lesson.json';

test('a cookie policy whose Resource lacks the port the viewer used is named, with the resource to sign', () => {
  const mismatch = findResourceMismatch(
    viewerUrl,
    cookiesFor('https://dev.cloudfront.junlog.dev/videos/course-1/*'),
  );
  assert.deepEqual(mismatch?.differs, ['port']);
  assert.equal(mismatch?.resourceToSign, 'https://dev.cloudfront.junlog.dev:8443/videos/course-1/*');
  assert.equal(mismatch?.via, 'cookie');
  assert.match(describeResourceMismatch(mismatch!), /has no port 8443 .*port included/);
});

test('another scheme or host is named as such; a Resource that covers the URL is no mismatch', () => {
  assert.deepEqual(
    findResourceMismatch(viewerUrl, cookiesFor('http://dev.cloudfront.junlog.dev:8443/videos/*'))?.differs,
    ['scheme'],
  );
  const otherHost = findResourceMismatch(viewerUrl, cookiesFor('https://cdn.junlog.dev/videos/course-1/*'));
  assert.deepEqual(otherHost?.differs, ['host']);
  assert.equal(otherHost?.resourceToSign, 'https://dev.cloudfront.junlog.dev:8443/videos/course-1/*');
  assert.equal(
    findResourceMismatch(viewerUrl, cookiesFor('https://dev.cloudfront.junlog.dev:8443/videos/*')),
    undefined,
  );
  assert.equal(
    findResourceMismatch(viewerUrl, cookiesFor('https://dev.cloudfront.junlog.dev*/videos/*')),
    undefined,
  );
});

test('a path outside the Resource is a path mismatch; the resource to sign is the URL itself', () => {
  const mismatch = findResourceMismatch(
    viewerUrl,
    cookiesFor('https://dev.cloudfront.junlog.dev:8443/audio/*'),
  );
  assert.deepEqual(mismatch?.differs, ['path']);
  assert.equal(mismatch?.resourceToSign, viewerUrl);
});

test('a signed URL carries its policy in the query; without any policy there is nothing to compare', () => {
  const signed = getSignedUrl({
    url: viewerUrl.replace(':8443', ''),
    keyPairId: 'K2JUNLOGDEVKEY01',
    privateKey: keys.privateKeyPem,
    policy: renderCustomPolicy({
      resource: 'https://dev.cloudfront.junlog.dev/videos/*',
      dateLessThan: inAnHour,
    }),
  });
  const mismatch = findResourceMismatch(signed.replace('junlog.dev/', 'junlog.dev:8443/'), []);
  assert.equal(mismatch?.via, 'url');
  assert.deepEqual(mismatch?.differs, ['port']);
  assert.equal(mismatch?.requestUrl, viewerUrl);
  assert.equal(findResourceMismatch(viewerUrl, [{ name: 'CloudFront-Key-Pair-Id', value: 'K' }]), undefined);
});

test('explainObservation: an AccessDenied whose cookie policy lacks the port is signed-resource-mismatch, with the Resource to sign in the fix; a trace naming another reason keeps signature-invalid', () => {
  const observation = (traceDetail?: string) => ({
    pageOrigin: 'https://local.junlog.dev:3000',
    url: viewerUrl,
    method: 'GET',
    credentialsMode: 'include' as const,
    authorHeaders: [],
    preflight: needsPreflight({ method: 'GET', headers: [] }),
    cookies: { sent: cookiesFor('https://dev.cloudfront.junlog.dev/videos/course-1/*'), withheld: [] },
    actualOutcome: {
      kind: 'response' as const,
      exchange: {
        url: viewerUrl,
        method: 'GET',
        requestHeaders: [],
        status: 403,
        headers: {},
        bodyText:
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>',
        ...(traceDetail === undefined
          ? {}
          : {
              trace: {
                id: 'T',
                signedAccess: { kind: 'denied' as const, code: 'AccessDenied', detail: traceDetail },
              },
            }),
      },
    },
  });
  const report = explainObservation(observation());
  assert.equal(report.rootCause.code, 'signed-resource-mismatch');
  assert.match(report.rootCause.explanation, /has no port 8443/);
  assert.match(
    report.rootCause.fix,
    /Resource "https:\/\/dev\.cloudfront\.junlog\.dev:8443\/videos\/course-1\/\*"/,
  );
  const traced = explainObservation(observation('Access denied — Resource "…" does not match "…"'));
  assert.equal(traced.rootCause.code, 'signed-resource-mismatch');
  const expired = explainObservation(
    observation('Access denied — policy expired at 2026-01-01T00:00:00.000Z'),
  );
  assert.equal(expired.rootCause.code, 'signature-invalid');
});
