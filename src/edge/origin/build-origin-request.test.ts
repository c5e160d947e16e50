import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifySigV4Request } from '../../signer/sigv4/index.ts';
import { compileDistribution } from '../distribution/compile-distribution.ts';
import type { OriginEndpoint } from '../distribution/compiled-distribution.ts';
import { parseDistributionConfig } from '../distribution/parse-distribution-config.ts';
import { computeCacheKey } from '../cache/cache-key.ts';
import { buildOriginRequest } from './build-origin-request.ts';
import { concealedCredentials } from './origin-credentials.ts';
import { createOriginRequestSigner } from './sign-origin-request.ts';

const DOMAIN = 'media.s3.eu-west-1.amazonaws.com';
const SECRET = 'external-endpoint-secret';
const credentials = concealedCredentials('EXTERNALKEY', SECRET);
const NOW = new Date('2026-03-01T10:00:00Z');

function distribution(endpoint: OriginEndpoint, oac = true, originPath = '') {
  const document = {
    DistributionConfig: {
      CallerReference: 'build-origin-request',
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: 'media',
            DomainName: DOMAIN,
            OriginPath: originPath,
            S3OriginConfig: { OriginAccessIdentity: '' },
            ...(oac ? { OriginAccessControlId: 'E2OAC' } : {}),
          },
        ],
      },
      DefaultCacheBehavior: {
        TargetOriginId: 'media',
        ViewerProtocolPolicy: 'allow-all',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      Comment: '',
      Enabled: true,
    },
  };
  return compileDistribution({
    id: 'E1TEST',
    config: parseDistributionConfig(document, 'test'),
    originEndpoints: new Map([[DOMAIN, endpoint]]),
  });
}

function build(
  endpoint: OriginEndpoint,
  options: { oac?: boolean; originPath?: string; authorization?: string } = {},
) {
  const compiled = distribution(endpoint, options.oac ?? true, options.originPath ?? '');
  const behavior = compiled.behaviors[0];
  const origin = compiled.origins.get('media');
  assert.ok(behavior && origin);
  const viewerHeaders = {
    host: 'd111111abcdef8.cloudfront.net',
    ...(options.authorization ? { authorization: options.authorization } : {}),
  };
  const cacheKey = computeCacheKey({
    host: viewerHeaders.host,
    method: 'GET',
    rawPath: '/a%20b/c.txt',
    query: [],
    headers: viewerHeaders,
    cookies: [],
    cachePolicy: behavior.cachePolicy,
    cachedMethods: behavior.cachedMethods,
  });
  return buildOriginRequest({
    origin,
    behavior,
    method: 'GET',
    viewerHeaders,
    viewerHttpVersion: '1.1',
    viewerScheme: 'http',
    clientIp: '192.0.2.1',
    rawPath: '/a%20b/c.txt',
    query: [],
    cookies: [],
    cacheKey,
    requestId: 'req-1',
    viaHostHex: 'abc',
  });
}

const external = (settings: Partial<Extract<OriginEndpoint, { kind: 's3' }>>): OriginEndpoint => ({
  kind: 's3',
  url: 'http://127.0.0.1:7480',
  addressing: 'path',
  credentials,
  jsonPath: 'edge.origins',
  ...settings,
});

function header(request: ReturnType<typeof build>, name: string): string | undefined {
  return request.headers.find(([n]) => n === name)?.[1];
}

describe('buildOriginRequest for an external S3 endpoint', () => {
  it('addresses the bucket path-style on the endpoint host, keeping the raw key and the origin path', () => {
    const request = build(external({}), { originPath: '/v1' });
    assert.equal(request.connectOrigin, 'http://127.0.0.1:7480');
    assert.equal(header(request, 'host'), '127.0.0.1:7480');
    assert.equal(request.path, '/media/v1/a%20b/c.txt');
    assert.deepEqual(request.signWith, { region: 'eu-west-1', credentials });
  });

  it('addresses the bucket virtual-hosted: connection, Host and signature name <bucket>.<endpoint host>', () => {
    const request = build(external({ url: 'http://s3.localhost:7480', addressing: 'virtual' }));
    assert.equal(request.connectOrigin, 'http://media.s3.localhost:7480');
    assert.equal(header(request, 'host'), 'media.s3.localhost:7480');
    assert.equal(request.path, '/a%20b/c.txt');
  });

  it('uses the configured bucket, region and endpoint path prefix instead of the origin domain’s', () => {
    const request = build(
      external({ url: 'https://gw.example.net/s3', bucket: 'media-prod', region: 'default' }),
    );
    assert.equal(request.connectOrigin, 'https://gw.example.net');
    assert.equal(header(request, 'host'), 'gw.example.net');
    assert.equal(request.path, '/s3/media-prod/a%20b/c.txt');
    assert.equal(request.signWith?.region, 'default');
  });

  it('does not sign for an origin without origin access control, as CloudFront reaches a public bucket', () => {
    assert.equal(build(external({}), { oac: false }).signWith, undefined);
  });

  it('signs with the endpoint’s key pair, not the per-distribution credentials, and the signature verifies', () => {
    const sign = createOriginRequestSigner(
      () => ({ accessKeyId: 'FGOACE1TEST', secretAccessKey: 'embedded-store-secret' }),
      () => NOW,
    );
    const signed = sign(
      build(external({ url: 'http://s3.localhost:7480', addressing: 'virtual' })),
      'E1TEST',
    );
    const authorization = header(signed, 'authorization') ?? '';
    assert.match(
      authorization,
      /^AWS4-HMAC-SHA256 Credential=EXTERNALKEY\/20260301\/eu-west-1\/s3\/aws4_request/,
    );
    const headers = Object.fromEntries(signed.headers);
    const verdict = verifySigV4Request(
      { method: 'GET', rawPath: signed.rawPath, rawQuery: signed.rawQuery, headers },
      { lookupSecret: (id) => (id === 'EXTERNALKEY' ? SECRET : undefined), now: NOW, service: 's3' },
    );
    assert.equal(verdict.kind, 'authenticated');
    assert.throws(() =>
      verifySigV4Request(
        { method: 'GET', rawPath: signed.rawPath, rawQuery: signed.rawQuery, headers },
        { lookupSecret: () => 'another-secret', now: NOW, service: 's3' },
      ),
    );
  });

  it('keeps the per-distribution credentials for the embedded store', () => {
    const sign = createOriginRequestSigner(
      () => ({ accessKeyId: 'FGOACE1TEST', secretAccessKey: 'embedded-store-secret' }),
      () => NOW,
    );
    const compiled = build({ kind: 'url', url: 'http://127.0.0.1:9000' });
    assert.deepEqual(compiled.signWith, { region: 'eu-west-1' });
    assert.match(header(sign(compiled, 'E1TEST'), 'authorization') ?? '', /Credential=FGOACE1TEST\//);
  });
});
