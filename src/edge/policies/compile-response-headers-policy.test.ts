import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE } from './compile-response-headers-cors.ts';
import { compileResponseHeadersPolicy } from './compile-response-headers-policy.ts';

const cors = (overrides: Record<string, unknown> = {}) => ({
  AccessControlAllowOrigins: { Quantity: 1, Items: ['https://local.junlog.dev:3000'] },
  AccessControlAllowHeaders: { Quantity: 1, Items: ['content-type'] },
  AccessControlAllowMethods: { Quantity: 1, Items: ['ALL'] },
  AccessControlAllowCredentials: true,
  OriginOverride: true,
  ...overrides,
});

function rejects(config: unknown, code: string, jsonPath: string, message?: string): void {
  assert.throws(
    () => compileResponseHeadersPolicy('id', config),
    (error: unknown) => {
      assert.ok(error instanceof DistributionConfigError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.jsonPath, jsonPath);
      if (message !== undefined) assert.equal(error.reason, message);
      return true;
    },
  );
}

describe('compileResponseHeadersPolicy', () => {
  it('expands ALL methods and keeps exact origins, credentials and max age', () => {
    const policy = compileResponseHeadersPolicy('id', {
      Name: 'junlog-credentialed',
      CorsConfig: cors({ AccessControlMaxAgeSec: 600 }),
    });
    assert.deepEqual(policy.cors, {
      allowOrigins: ['https://local.junlog.dev:3000'],
      allowHeaders: ['content-type'],
      allowMethods: ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      allowCredentials: true,
      exposeHeaders: [],
      maxAgeSeconds: 600,
      originOverride: true,
    });
  });

  it('refuses Allow-Headers * with credentials using the API text', () => {
    rejects(
      { Name: 'p', CorsConfig: cors({ AccessControlAllowHeaders: { Quantity: 1, Items: ['*'] } }) },
      'InvalidArgument',
      'ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowHeaders',
      ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE,
    );
    assert.equal(
      ALLOW_HEADERS_STAR_WITH_CREDENTIALS_MESSAGE,
      'The parameter Access-Control-Allow-Headers cannot contain * when allowCredentials is true.',
    );
  });

  it('accepts * origins with credentials (not refused by the API as far as known)', () => {
    const policy = compileResponseHeadersPolicy('id', {
      Name: 'p',
      CorsConfig: cors({ AccessControlAllowOrigins: { Quantity: 1, Items: ['*'] } }),
    });
    assert.deepEqual(policy.cors?.allowOrigins, ['*']);
  });

  it('accepts a leading-label wildcard origin and refuses other wildcards and ALL', () => {
    const ok = compileResponseHeadersPolicy('id', {
      Name: 'p',
      CorsConfig: cors({ AccessControlAllowOrigins: { Quantity: 1, Items: ['https://*.example.org'] } }),
    });
    assert.deepEqual(ok.cors?.allowOrigins, ['https://*.example.org']);
    for (const origin of ['example.*', 'test.*.example.org', 'exa*mple.org', 'ALL']) {
      rejects(
        { Name: 'p', CorsConfig: cors({ AccessControlAllowOrigins: { Quantity: 1, Items: [origin] } }) },
        'InvalidArgument',
        'ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowOrigins.Items[0]',
      );
    }
  });

  it('refuses unknown methods', () => {
    rejects(
      {
        Name: 'p',
        CorsConfig: cors({ AccessControlAllowMethods: { Quantity: 2, Items: ['GET', 'TRACE'] } }),
      },
      'InvalidArgument',
      'ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowMethods.Items[1]',
    );
  });

  it('renders security headers to wire form', () => {
    const policy = compileResponseHeadersPolicy('id', {
      Name: 'p',
      SecurityHeadersConfig: {
        StrictTransportSecurity: {
          Override: true,
          IncludeSubdomains: true,
          Preload: true,
          AccessControlMaxAgeSec: 63072000,
        },
        XSSProtection: { Override: true, Protection: true, ReportUri: 'https://example.com/xss' },
        FrameOptions: { Override: false, FrameOption: 'DENY' },
        ReferrerPolicy: { Override: true, ReferrerPolicy: 'no-referrer' },
        ContentSecurityPolicy: { Override: true, ContentSecurityPolicy: "default-src 'self'" },
        ContentTypeOptions: { Override: false },
      },
    });
    const byName = Object.fromEntries(policy.securityHeaders.map((header) => [header.name, header]));
    assert.deepEqual(byName['Strict-Transport-Security'], {
      name: 'Strict-Transport-Security',
      value: 'max-age=63072000; includeSubDomains; preload',
      override: true,
    });
    assert.equal(byName['X-XSS-Protection'].value, '1; report=https://example.com/xss');
    assert.equal(byName['X-Frame-Options'].value, 'DENY');
    assert.equal(byName['X-Frame-Options'].override, false);
    assert.equal(byName['Referrer-Policy'].value, 'no-referrer');
    assert.equal(byName['Content-Security-Policy'].value, "default-src 'self'");
    assert.equal(byName['X-Content-Type-Options'].value, 'nosniff');
  });

  it('renders X-XSS-Protection 0 when protection is off', () => {
    const policy = compileResponseHeadersPolicy('id', {
      Name: 'p',
      SecurityHeadersConfig: { XSSProtection: { Override: true, Protection: false } },
    });
    assert.deepEqual(policy.securityHeaders, [{ name: 'X-XSS-Protection', value: '0', override: true }]);
  });

  it('refuses ModeBlock together with ReportUri', () => {
    rejects(
      {
        Name: 'p',
        SecurityHeadersConfig: {
          XSSProtection: { Override: true, Protection: true, ModeBlock: true, ReportUri: 'https://r' },
        },
      },
      'InvalidArgument',
      'ResponseHeadersPolicyConfig.SecurityHeadersConfig.XSSProtection',
    );
  });

  it('refuses a content security policy longer than 1783 characters', () => {
    rejects(
      {
        Name: 'p',
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { Override: true, ContentSecurityPolicy: 'a'.repeat(1784) },
        },
      },
      'TooLongCSPInResponseHeadersPolicy',
      'ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy',
    );
  });

  it('compiles custom and remove headers and refuses unremovable ones', () => {
    const policy = compileResponseHeadersPolicy('id', {
      Name: 'p',
      CustomHeadersConfig: {
        Quantity: 1,
        Items: [{ Header: 'Cache-Control', Value: 'no-store', Override: true }],
      },
      RemoveHeadersConfig: { Quantity: 1, Items: [{ Header: 'Server' }] },
      ServerTimingHeadersConfig: { Enabled: true, SamplingRate: 12.5 },
    });
    assert.deepEqual(policy.customHeaders, [{ name: 'Cache-Control', value: 'no-store', override: true }]);
    assert.deepEqual(policy.removeHeaders, ['server']);
    assert.deepEqual(policy.serverTiming, { enabled: true, samplingRate: 12.5 });
    for (const header of ['Content-Length', 'X-Amz-Cf-Pop', 'X-Cache'])
      rejects(
        { Name: 'p', RemoveHeadersConfig: { Quantity: 1, Items: [{ Header: header }] } },
        'InvalidArgument',
        'ResponseHeadersPolicyConfig.RemoveHeadersConfig.Items[0].Header',
      );
  });

  it('refuses more than ten custom headers', () => {
    const items = Array.from({ length: 11 }, (_, index) => ({
      Header: `X-H${index}`,
      Value: 'v',
      Override: false,
    }));
    rejects(
      { Name: 'p', CustomHeadersConfig: { Quantity: 11, Items: items } },
      'TooManyCustomHeadersInResponseHeadersPolicy',
      'ResponseHeadersPolicyConfig.CustomHeadersConfig.Quantity',
    );
  });
});
