import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConfigContext } from '../../config/config-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { parseEdgeConfig } from './edge-config.ts';

const ctx = createConfigContext('/srv/frontgate');

function rejects(raw: unknown, jsonPath: string): void {
  assert.throws(
    () => parseEdgeConfig(raw, ctx),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.jsonPath, jsonPath);
      return true;
    },
  );
}

describe('parseEdgeConfig', () => {
  it('fills defaults for an absent section', () => {
    const edge = parseEdgeConfig(undefined, ctx);
    assert.deepEqual(edge.listen, { host: '127.0.0.1', port: 8080 });
    assert.equal(edge.pop, 'IAD89-C1');
    assert.equal(edge.distributions.length, 0);
    assert.ok(edge.policies.cachePolicies.has('658327ea-f89d-4fab-a63d-7e88639e58f6'));
    assert.deepEqual(edge.errorResponses, {
      policyHeadersOnSignatureErrors: false,
      policyHeadersOnGeneratedErrors: false,
      policyHeadersOnRedirects: true,
      customErrorPagesForGeneratedErrors: true,
    });
  });

  it('resolves file paths against the config directory and keeps inline distributions', () => {
    const inline = { DistributionConfig: { CallerReference: 'x' } };
    const edge = parseEdgeConfig(
      {
        listen: '0.0.0.0:80',
        tls: { listen: '[::1]:8443', cert: 'tls/cert.pem', key: '/etc/key.pem' },
        distributions: [
          { id: 'E1JUNLOGDEV', config: 'distribution.before-fix.json' },
          { id: 'E2INLINE', config: inline },
        ],
        publicKeys: [
          {
            Id: 'K2JUNLOGDEVKEY01',
            PublicKeyConfig: { CallerReference: 'c', Name: 'n', EncodedKey: 'keys/public.pem' },
          },
        ],
        errorResponses: { policyHeadersOnSignatureErrors: true },
      },
      ctx,
    );
    assert.deepEqual(edge.listen, { host: '0.0.0.0', port: 80 });
    assert.deepEqual(edge.tls, {
      listen: { host: '::1', port: 8443 },
      certPath: '/srv/frontgate/tls/cert.pem',
      keyPath: '/etc/key.pem',
    });
    assert.equal(edge.distributions[0].configPath, '/srv/frontgate/distribution.before-fix.json');
    assert.equal(edge.distributions[1].inline, inline);
    assert.deepEqual(edge.publicKeys[0].encodedKey, { kind: 'file', path: '/srv/frontgate/keys/public.pem' });
    assert.equal(edge.errorResponses.policyHeadersOnSignatureErrors, true);
  });

  it('maps origins to embedded or a URL', () => {
    const edge = parseEdgeConfig(
      {
        origins: {
          'junlog-media.s3.ap-northeast-2.amazonaws.com': 'embedded',
          api: 'http://127.0.0.1:9000/',
        },
      },
      ctx,
    );
    assert.deepEqual(edge.origins.get('junlog-media.s3.ap-northeast-2.amazonaws.com'), { kind: 'embedded' });
    assert.deepEqual(edge.origins.get('api'), { kind: 'url', url: 'http://127.0.0.1:9000' });
  });

  it('keeps members it does not know for other components', () => {
    assert.deepEqual(parseEdgeConfig({ demo: { maxBytes: 1 } }, ctx).extra, { demo: { maxBytes: 1 } });
  });

  it('refuses malformed entries naming their JSON path', () => {
    rejects({ listen: 'localhost' }, 'edge.listen');
    rejects({ listen: '127.0.0.1:99999' }, 'edge.listen');
    rejects({ distributions: [{ id: 'E1', config: 42 }] }, 'edge.distributions[0].config');
    rejects(
      {
        distributions: [
          { id: 'E1', config: 'a.json' },
          { id: 'E1', config: 'b.json' },
        ],
      },
      'edge.distributions[1].id',
    );
    rejects({ origins: { x: 'ftp://example.com' } }, 'edge.origins["x"]');
    rejects({ origins: { x: 'somewhere' } }, 'edge.origins["x"]');
    rejects({ pop: 'somewhere' }, 'edge.pop');
    rejects({ errorResponses: { unknownKnob: true } }, 'edge.errorResponses.unknownKnob');
    rejects(
      { trustedSigners: [{ AwsAccountNumber: '12', KeyPairIds: [] }] },
      'edge.trustedSigners[0].AwsAccountNumber',
    );
    rejects(
      {
        originAccessControls: [
          { Id: 'E1', OriginAccessControlConfig: { Name: 'x', SigningBehavior: 'sometimes' } },
        ],
      },
      'edge.originAccessControls[0].OriginAccessControlConfig.SigningBehavior',
    );
    rejects(
      { publicKeys: [{ Id: 'K1', PublicKeyConfig: { CallerReference: 'c', Name: 'n' } }] },
      'edge.publicKeys[0].PublicKeyConfig.EncodedKey',
    );
  });

  it('compiles custom policies at parse time with AWS error codes', () => {
    assert.throws(
      () =>
        parseEdgeConfig(
          {
            responseHeadersPolicies: [
              {
                Id: 'p1',
                ResponseHeadersPolicyConfig: {
                  Name: 'bad',
                  CorsConfig: {
                    AccessControlAllowOrigins: { Quantity: 1, Items: ['https://a.example'] },
                    AccessControlAllowHeaders: { Quantity: 1, Items: ['*'] },
                    AccessControlAllowMethods: { Quantity: 1, Items: ['GET'] },
                    AccessControlAllowCredentials: true,
                    OriginOverride: false,
                  },
                },
              },
            ],
          },
          ctx,
        ),
      (error: unknown) =>
        error instanceof DistributionConfigError &&
        error.code === 'InvalidArgument' &&
        error.jsonPath ===
          'edge.responseHeadersPolicies[0].ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowHeaders',
    );
  });
});
