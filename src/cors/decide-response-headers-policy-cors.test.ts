import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResponseHeadersCors } from '../edge/distribution/compiled-distribution.ts';
import { applyPolicyHeaders } from './apply-policy-headers.ts';
import {
  decideResponseHeadersPolicyCors,
  originMatches,
  type ResponseHeadersPolicyCorsRequest,
} from './decide-response-headers-policy-cors.ts';

// Settings like the managed CORS-With-Preflight policy (AWS: "Use managed response headers policies", values [3P]).
const WITH_PREFLIGHT: ResponseHeadersCors = {
  allowOrigins: ['*'],
  allowHeaders: ['*'],
  allowMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  allowCredentials: false,
  exposeHeaders: ['*'],
  originOverride: false,
};

// A custom policy for credentialed requests from the junlog page.
const CREDENTIALED: ResponseHeadersCors = {
  allowOrigins: ['https://local.junlog.dev:3000', 'https://*.junlog.dev'],
  allowHeaders: ['Range', 'Content-Type'],
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  allowCredentials: true,
  exposeHeaders: ['ETag', 'Content-Range'],
  maxAgeSeconds: 600,
  originOverride: true,
};

const PAGE = 'https://local.junlog.dev:3000';
const get = (origin?: string): ResponseHeadersPolicyCorsRequest => ({ method: 'GET', origin });
const options = (origin?: string, acrm?: string): ResponseHeadersPolicyCorsRequest => ({
  method: 'OPTIONS',
  origin,
  accessControlRequestMethod: acrm,
  accessControlRequestHeaders: 'range',
});
const pairs = (headers: { name: string; value: string }[]) => headers.map(({ name, value }) => [name, value]);

describe('decideResponseHeadersPolicyCors', () => {
  test('adds nothing to a request without Origin', () => {
    assert.deepEqual(decideResponseHeadersPolicyCors(WITH_PREFLIGHT, get()), []);
    assert.deepEqual(decideResponseHeadersPolicyCors(CREDENTIALED, options(undefined, 'GET')), []);
  });

  test('a * policy gives the literal * on a simple CORS request, no credentials, no Vary', () => {
    assert.deepEqual(decideResponseHeadersPolicyCors(WITH_PREFLIGHT, get(PAGE)), [
      { name: 'Access-Control-Allow-Origin', value: '*', override: false },
      { name: 'Access-Control-Expose-Headers', value: '*', override: false },
    ]);
  });

  test('a * policy answers a preflight with methods, headers and expose headers', () => {
    assert.deepEqual(pairs(decideResponseHeadersPolicyCors(WITH_PREFLIGHT, options(PAGE, 'PUT'))), [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'],
      ['Access-Control-Allow-Headers', '*'],
      ['Access-Control-Expose-Headers', '*'],
    ]);
  });

  test('OPTIONS without Access-Control-Request-Method is not a preflight', () => {
    assert.deepEqual(pairs(decideResponseHeadersPolicyCors(CREDENTIALED, options(PAGE, undefined))), [
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', 'ETag, Content-Range'],
      ['Vary', 'Origin'],
    ]);
  });

  test('a listed origin is echoed with credentials and Vary: Origin', () => {
    assert.deepEqual(decideResponseHeadersPolicyCors(CREDENTIALED, get(PAGE)), [
      { name: 'Access-Control-Allow-Origin', value: PAGE, override: true },
      { name: 'Access-Control-Allow-Credentials', value: 'true', override: true },
      { name: 'Access-Control-Expose-Headers', value: 'ETag, Content-Range', override: true },
      { name: 'Vary', value: 'Origin', override: false, merge: true },
    ]);
  });

  test('a preflight from a listed origin gets methods, headers and max age', () => {
    assert.deepEqual(pairs(decideResponseHeadersPolicyCors(CREDENTIALED, options(PAGE, 'GET'))), [
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS'],
      ['Access-Control-Allow-Headers', 'Range, Content-Type'],
      ['Access-Control-Expose-Headers', 'ETag, Content-Range'],
      ['Access-Control-Max-Age', '600'],
      ['Vary', 'Origin'],
    ]);
  });

  test('a *.domain entry echoes subdomain origins', () => {
    const decided = decideResponseHeadersPolicyCors(CREDENTIALED, get('https://dev.cloudfront.junlog.dev'));
    assert.deepEqual(decided[0], {
      name: 'Access-Control-Allow-Origin',
      value: 'https://dev.cloudfront.junlog.dev',
      override: true,
    });
  });

  test('an origin the policy does not list gets no CORS headers at all', () => {
    for (const origin of [
      'http://localhost:3001',
      'https://junlog.dev',
      'https://evil.example',
      'http://local.junlog.dev:3000',
    ]) {
      assert.deepEqual(decideResponseHeadersPolicyCors(CREDENTIALED, get(origin)), [], origin);
    }
  });

  test('* with credentials is emitted literally (the browser will refuse it)', () => {
    const decided = decideResponseHeadersPolicyCors({ ...WITH_PREFLIGHT, allowCredentials: true }, get(PAGE));
    assert.deepEqual(pairs(decided).slice(0, 2), [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]);
  });

  test('ALL methods are expanded', () => {
    const decided = decideResponseHeadersPolicyCors(
      { ...WITH_PREFLIGHT, allowMethods: ['ALL'] },
      options(PAGE, 'GET'),
    );
    assert.deepEqual(decided[1], {
      name: 'Access-Control-Allow-Methods',
      value: 'GET, DELETE, HEAD, OPTIONS, PATCH, POST, PUT',
      override: false,
    });
  });

  test('no expose headers and no max age when the policy has none', () => {
    const decided = decideResponseHeadersPolicyCors(
      { ...CREDENTIALED, exposeHeaders: [], maxAgeSeconds: undefined },
      options(PAGE, 'GET'),
    );
    assert.deepEqual(
      decided.map(({ name }) => name),
      [
        'Access-Control-Allow-Origin',
        'Access-Control-Allow-Credentials',
        'Access-Control-Allow-Methods',
        'Access-Control-Allow-Headers',
        'Vary',
      ],
    );
  });
});

describe('originMatches', () => {
  const cases: [allowed: string, origin: string, expected: boolean][] = [
    ['https://www.example.com', 'https://www.example.com', true],
    ['https://www.example.com', 'https://WWW.Example.com', true],
    ['https://www.example.com', 'http://www.example.com', false],
    ['https://www.example.com', 'https://www.example.com:8443', false],
    ['www.example.com', 'https://www.example.com', true],
    ['https://*.example.org', 'https://a.example.org', true],
    ['https://*.example.org', 'https://a.b.example.org', true],
    ['https://*.example.org', 'https://example.org', false],
    ['https://*.example.org', 'http://a.example.org', false],
    ['https://*.example.org', 'https://evil.com/.example.org', false],
    ['https://*.example.org', 'https://evilexample.org', false],
    ['*.example.org', 'http://a.example.org', true],
    ['*.example.org', 'https://x.example.org', true],
    ['*.example.org', 'https://example.org', false],
  ];
  for (const [allowed, origin, expected] of cases) {
    test(`${allowed} ${expected ? 'matches' : 'does not match'} ${origin}`, () => {
      assert.equal(originMatches(allowed, origin), expected);
    });
  }
});

describe('policy CORS applied over an origin response', () => {
  test('junlog after the fix: S3 echo survives CORS-With-Preflight (no override)', () => {
    const fromS3: [string, string][] = [
      ['Content-Type', 'video/mp4'],
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Methods', 'GET, HEAD'],
      ['Vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method'],
    ];
    const viewer = applyPolicyHeaders(fromS3, decideResponseHeadersPolicyCors(WITH_PREFLIGHT, get(PAGE)));
    assert.deepEqual(viewer, [...fromS3, ['Access-Control-Expose-Headers', '*']]);
  });

  test('junlog before the fix: S3 sent nothing, so the policy adds * and the credentialed fetch fails', () => {
    const viewer = applyPolicyHeaders(
      [['Content-Type', 'video/mp4']],
      decideResponseHeadersPolicyCors(WITH_PREFLIGHT, get(PAGE)),
    );
    assert.deepEqual(viewer, [
      ['Content-Type', 'video/mp4'],
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Expose-Headers', '*'],
    ]);
  });

  test('a custom policy with override replaces the origin values and merges Vary', () => {
    const viewer = applyPolicyHeaders(
      [
        ['access-control-allow-origin', '*'],
        ['vary', 'Accept-Encoding'],
      ],
      decideResponseHeadersPolicyCors(CREDENTIALED, get(PAGE)),
    );
    assert.deepEqual(viewer, [
      ['Access-Control-Allow-Origin', PAGE],
      ['vary', 'Accept-Encoding, Origin'],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', 'ETag, Content-Range'],
    ]);
  });
});
