import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CorsRule } from './cors-rule.ts';
import { evaluateS3Cors, parseRequestedHeaders, type S3CorsInput } from './evaluate-s3-cors.ts';
import { parseCorsConfigurationJson } from './parse-cors-configuration-json.ts';
import { parseCorsConfigurationXml } from './parse-cors-configuration-xml.ts';

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

const rule = (fields: Partial<CorsRule> & Pick<CorsRule, 'AllowedOrigins' | 'AllowedMethods'>): CorsRule => ({
  AllowedHeaders: [],
  ExposeHeaders: [],
  ...fields,
});

const ORIGIN = 'http://localhost:4200';
const RULES: CorsRule[] = [
  rule({
    AllowedOrigins: [ORIGIN],
    AllowedMethods: ['GET', 'PUT'],
    AllowedHeaders: ['x-amz-*', 'Content-Type'],
  }),
  rule({
    AllowedOrigins: ['*'],
    AllowedMethods: ['GET'],
    ExposeHeaders: ['ETag', 'x-amz-version-id'],
    MaxAgeSeconds: 3000,
  }),
];

function input(overrides: Partial<S3CorsInput>): S3CorsInput {
  return {
    method: 'GET',
    origin: ORIGIN,
    isPreflight: false,
    bucketExists: true,
    rules: RULES,
    resourceType: 'OBJECT',
    ...overrides,
  };
}

function preflight(overrides: Partial<S3CorsInput>): S3CorsInput {
  return input({ method: 'OPTIONS', isPreflight: true, accessControlRequestMethod: 'GET', ...overrides });
}

describe('only requests carrying Origin are CORS requests', () => {
  test('a GET without Origin gets no headers even when a * rule exists', () => {
    assert.deepEqual(evaluateS3Cors(input({ origin: undefined })), { kind: 'none', reason: 'no-origin' });
  });

  test('ACRM and ACRH without Origin still give nothing on an actual request', () => {
    const decision = evaluateS3Cors(
      input({
        origin: undefined,
        accessControlRequestMethod: 'GET',
        accessControlRequestHeaders: 'x-amz-date',
      }),
    );
    assert.equal(decision.kind, 'none');
  });
});

describe('preflight decision order', () => {
  test('step 1: OPTIONS without Origin is 400 BadRequest, whatever the bucket', () => {
    const expected = {
      kind: 'preflight-error',
      status: 400,
      code: 'BadRequest',
      message: 'Insufficient information. Origin request header needed.',
      reason: 'no-origin',
    };
    assert.deepEqual(evaluateS3Cors(preflight({ origin: undefined })), expected);
    assert.deepEqual(evaluateS3Cors(preflight({ origin: undefined, rules: null })), expected);
    assert.deepEqual(
      evaluateS3Cors(preflight({ origin: undefined, bucketExists: false, rules: null })),
      expected,
    );
  });

  test('step 2: missing bucket is 403 Bucket not found with the requested method and BUCKET', () => {
    assert.deepEqual(
      evaluateS3Cors(preflight({ bucketExists: false, rules: null, accessControlRequestMethod: 'PUT' })),
      {
        kind: 'preflight-error',
        status: 403,
        code: 'AccessForbidden',
        message: 'CORSResponse: Bucket not found',
        method: 'PUT',
        resourceType: 'BUCKET',
        reason: 'bucket-not-found',
      },
    );
  });

  test('step 2: without ACRM the method element says OPTIONS', () => {
    const decision = evaluateS3Cors(
      preflight({ bucketExists: false, rules: null, accessControlRequestMethod: undefined }),
    );
    assert.equal(decision.kind === 'preflight-error' && decision.method, 'OPTIONS');
  });

  test('step 3: no configuration is 403 CORS is not enabled, BUCKET even for an object URL', () => {
    assert.deepEqual(evaluateS3Cors(preflight({ rules: null, accessControlRequestMethod: 'DELETE' })), {
      kind: 'preflight-error',
      status: 403,
      code: 'AccessForbidden',
      message: 'CORSResponse: CORS is not enabled for this bucket.',
      method: 'DELETE',
      resourceType: 'BUCKET',
      reason: 'no-configuration',
    });
    const withoutAcrm = evaluateS3Cors(preflight({ rules: null, accessControlRequestMethod: undefined }));
    assert.equal(withoutAcrm.kind === 'preflight-error' && withoutAcrm.method, 'OPTIONS');
  });

  test('step 4: configuration present but ACRM absent is 400 Invalid Access-Control-Request-Method: null', () => {
    assert.deepEqual(evaluateS3Cors(preflight({ accessControlRequestMethod: undefined })), {
      kind: 'preflight-error',
      status: 400,
      code: 'BadRequest',
      message: 'Invalid Access-Control-Request-Method: null',
      reason: 'no-request-method',
    });
  });

  test('step 5: no rule matches is 403 with the typo message, the requested method and the resource type', () => {
    for (const resourceType of ['OBJECT', 'BUCKET'] as const) {
      assert.deepEqual(
        evaluateS3Cors(
          preflight({ origin: 'https://evil.example', accessControlRequestMethod: 'PUT', resourceType }),
        ),
        {
          kind: 'preflight-error',
          status: 403,
          code: 'AccessForbidden',
          message: NOT_ALLOWED,
          method: 'PUT',
          resourceType,
          reason: 'no-matching-rule',
        },
      );
    }
  });

  test('step 5: an unsupported ACRM such as PATCH matches no rule', () => {
    const decision = evaluateS3Cors(preflight({ accessControlRequestMethod: 'PATCH' }));
    assert.equal(decision.kind === 'preflight-error' && decision.message, NOT_ALLOWED);
    assert.equal(decision.kind === 'preflight-error' && decision.method, 'PATCH');
  });

  test('step 6: echoed origin with credentials, all rule methods, requested headers lower-cased in order', () => {
    assert.deepEqual(
      evaluateS3Cors(
        preflight({
          accessControlRequestMethod: 'PUT',
          accessControlRequestHeaders: 'Content-Type, X-Amz-Date',
        }),
      ),
      {
        kind: 'headers',
        headers: [
          ['Access-Control-Allow-Origin', ORIGIN],
          ['Access-Control-Allow-Credentials', 'true'],
          ['Access-Control-Allow-Methods', 'GET, PUT'],
          ['Access-Control-Allow-Headers', 'content-type, x-amz-date'],
          ['Vary', VARY],
        ],
        matchedRule: 0,
      },
    );
  });

  test('step 6: a bare * rule answers *, no credentials, with expose headers and max age', () => {
    assert.deepEqual(evaluateS3Cors(preflight({ origin: 'https://other.example' })), {
      kind: 'headers',
      headers: [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'GET'],
        ['Access-Control-Expose-Headers', 'ETag, x-amz-version-id'],
        ['Access-Control-Max-Age', '3000'],
        ['Vary', VARY],
      ],
      matchedRule: 1,
    });
  });

  test('step 6: no Access-Control-Allow-Headers when ACRH is absent or blank', () => {
    for (const acrh of [undefined, '', ' , ']) {
      const decision = evaluateS3Cors(preflight({ accessControlRequestHeaders: acrh }));
      assert.equal(decision.kind, 'headers');
      assert.ok(
        decision.kind === 'headers' &&
          !decision.headers.some(([name]) => name === 'Access-Control-Allow-Headers'),
      );
    }
  });
});

describe('rule matching', () => {
  test('the first matching rule wins even when a later one would give other headers', () => {
    const rules = [
      rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }),
      rule({ AllowedOrigins: [ORIGIN], AllowedMethods: ['GET'], MaxAgeSeconds: 10 }),
    ];
    const decision = evaluateS3Cors(input({ rules }));
    assert.equal(decision.kind === 'headers' && decision.matchedRule, 0);
    assert.deepEqual(decision.kind === 'headers' && decision.headers[0], [
      'Access-Control-Allow-Origin',
      '*',
    ]);
  });

  test('a rule is skipped when only its origin or only its method matches', () => {
    const rules = [
      rule({ AllowedOrigins: [ORIGIN], AllowedMethods: ['PUT'] }),
      rule({ AllowedOrigins: ['https://x.example'], AllowedMethods: ['GET'] }),
      rule({ AllowedOrigins: ['http://localhost:*'], AllowedMethods: ['GET'] }),
    ];
    const decision = evaluateS3Cors(input({ rules }));
    assert.equal(decision.kind === 'headers' && decision.matchedRule, 2);
  });

  const origins: [pattern: string, origin: string, matches: boolean][] = [
    ['*', 'localhost:4566', true],
    ['http://*.origin.com', 'http://test.origin.com', true],
    ['http://*.origin.com', 'http://test.origin.com/', false],
    ['http://*.origin.com', 'https://test.origin.com', false],
    ['https://x.example', 'http://x.example', false],
    ['http://x.example', 'http://x.example:80', false],
    ['start*end', 'startend', true],
    ['start*end', 'start-middle-end', true],
    ['*suffix', 'foo.suffix', true],
    ['*suffix', 'suffix', true],
    ['prefix*', 'prefix', true],
    ['prefix*', 'prefix.a/b', true],
    ['http://www.*.com', 'http://www.a.b.com', true],
    ['http://x.example', 'HTTP://X.EXAMPLE', false],
    ['', 'http://x.example', false],
  ];
  for (const [pattern, origin, matches] of origins) {
    test(`AllowedOrigin ${JSON.stringify(pattern)} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(origin)}`, () => {
      const decision = evaluateS3Cors(
        input({ origin, rules: [rule({ AllowedOrigins: [pattern], AllowedMethods: ['GET'] })] }),
      );
      assert.equal(decision.kind, matches ? 'headers' : 'none');
    });
  }

  test('partial wildcard origins are echoed with credentials', () => {
    const rules = [rule({ AllowedOrigins: ['http://*.origin.com'], AllowedMethods: ['GET'] })];
    const decision = evaluateS3Cors(preflight({ origin: 'http://test.origin.com', rules }));
    assert.deepEqual(decision.kind === 'headers' && decision.headers.slice(0, 2), [
      ['Access-Control-Allow-Origin', 'http://test.origin.com'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]);
  });

  test('a rule with bare * beside other origins answers * without credentials even for a listed origin', () => {
    const rules = [rule({ AllowedOrigins: [ORIGIN, '*'], AllowedMethods: ['GET'] })];
    const decision = evaluateS3Cors(input({ rules }));
    assert.deepEqual(decision.kind === 'headers' && decision.headers.slice(0, 2), [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'GET'],
    ]);
  });

  test('method matching is exact and upper-case', () => {
    const decision = evaluateS3Cors(preflight({ accessControlRequestMethod: 'get' }));
    assert.equal(decision.kind === 'preflight-error' && decision.reason, 'no-matching-rule');
  });

  test('requested headers match case-insensitively against mixed-case config, with wildcard in the pattern', () => {
    const decision = evaluateS3Cors(
      preflight({
        accessControlRequestMethod: 'PUT',
        accessControlRequestHeaders: 'X-AMZ-DATE,content-TYPE,  x-amz-meta-a ',
      }),
    );
    assert.deepEqual(decision.kind === 'headers' && decision.headers[3], [
      'Access-Control-Allow-Headers',
      'x-amz-date, content-type, x-amz-meta-a',
    ]);
  });

  test('every requested header must be allowed, otherwise the rule does not match', () => {
    const decision = evaluateS3Cors(
      preflight({
        accessControlRequestMethod: 'PUT',
        accessControlRequestHeaders: 'content-type, authorization',
      }),
    );
    assert.equal(decision.kind === 'preflight-error' && decision.reason, 'no-matching-rule');
  });

  test('a rule without AllowedHeader matches no request carrying ACRH, but a later rule can', () => {
    const rules = [
      rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }),
      rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*'], MaxAgeSeconds: 5 }),
    ];
    const decision = evaluateS3Cors(preflight({ rules, accessControlRequestHeaders: 'x-anything' }));
    assert.equal(decision.kind === 'headers' && decision.matchedRule, 1);
    const noHeaders = evaluateS3Cors(
      preflight({ rules: rules.slice(0, 1), accessControlRequestHeaders: 'x-anything' }),
    );
    assert.equal(noHeaders.kind, 'preflight-error');
  });

  test('empty items in ACRH are ignored', () => {
    const decision = evaluateS3Cors(
      preflight({
        accessControlRequestMethod: 'PUT',
        accessControlRequestHeaders: 'content-type,,x-amz-date,',
      }),
    );
    assert.deepEqual(decision.kind === 'headers' && decision.headers[3], [
      'Access-Control-Allow-Headers',
      'content-type, x-amz-date',
    ]);
  });
});

describe('actual requests carrying Origin', () => {
  test('no configuration gives no headers', () => {
    assert.deepEqual(evaluateS3Cors(input({ rules: null })), { kind: 'none', reason: 'no-configuration' });
  });

  test('a match gives the preflight header set minus Allow-Headers, even when ACRH was sent', () => {
    assert.deepEqual(evaluateS3Cors(input({ method: 'PUT', accessControlRequestHeaders: 'content-type' })), {
      kind: 'headers',
      headers: [
        ['Access-Control-Allow-Origin', ORIGIN],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'GET, PUT'],
        ['Vary', VARY],
      ],
      matchedRule: 0,
    });
  });

  test('expose headers and max age come with an actual request too; ETag is only exposed if listed', () => {
    const decision = evaluateS3Cors(input({ origin: 'https://other.example' }));
    assert.deepEqual(decision.kind === 'headers' && decision.headers, [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'GET'],
      ['Access-Control-Expose-Headers', 'ETag, x-amz-version-id'],
      ['Access-Control-Max-Age', '3000'],
      ['Vary', VARY],
    ]);
  });

  test('no match gives no headers and no Vary, never an error', () => {
    assert.deepEqual(evaluateS3Cors(input({ origin: 'https://other.example', method: 'PUT' })), {
      kind: 'none',
      reason: 'no-matching-rule',
    });
  });

  test('ACRM on a GET is the effective method: GET with ACRM PUT against a GET-only rule gets nothing', () => {
    const rules = [rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] })];
    assert.equal(evaluateS3Cors(input({ rules, accessControlRequestMethod: 'PUT' })).kind, 'none');
  });

  test('ACRM on a PUT is the effective method: PUT with ACRM GET gets the GET rule', () => {
    const rules = [rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] })];
    assert.equal(
      evaluateS3Cors(input({ rules, method: 'PUT', accessControlRequestMethod: 'GET' })).kind,
      'headers',
    );
  });

  test('ACRH on a GET must be allowed by the rule', () => {
    const rules = [rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] })];
    assert.equal(
      evaluateS3Cors(input({ rules, accessControlRequestHeaders: 'x-amz-request-payer' })).kind,
      'none',
    );
    assert.equal(evaluateS3Cors(input({ rules, accessControlRequestHeaders: '  ' })).kind, 'headers');
  });

  test('HEAD gets the same headers as GET', () => {
    const rules = [rule({ AllowedOrigins: [ORIGIN], AllowedMethods: ['GET', 'HEAD'] })];
    const get = evaluateS3Cors(input({ rules }));
    const head = evaluateS3Cors(input({ rules, method: 'HEAD' }));
    assert.deepEqual(head, get);
  });
});

describe('junlog bucket rules (examples/junlog/bucket-cors.json, a verbatim copy of the scenario)', () => {
  const rules = parseCorsConfigurationJson(
    JSON.parse(readFileSync(new URL('../../examples/junlog/bucket-cors.json', import.meta.url), 'utf8')),
  );
  const PAGE = 'https://local.junlog.dev:3000';

  test('the page origin is echoed with credentials on GET', () => {
    assert.deepEqual(evaluateS3Cors(input({ origin: PAGE, rules })), {
      kind: 'headers',
      headers: [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'GET, HEAD'],
        ['Access-Control-Max-Age', '3000'],
        ['Vary', VARY],
      ],
      matchedRule: 0,
    });
  });

  test('a preflight from the page for a Range request succeeds', () => {
    const decision = evaluateS3Cors(preflight({ origin: PAGE, rules, accessControlRequestHeaders: 'range' }));
    assert.deepEqual(decision.kind === 'headers' && decision.headers.map(([name]) => name), [
      'Access-Control-Allow-Origin',
      'Access-Control-Allow-Credentials',
      'Access-Control-Allow-Methods',
      'Access-Control-Allow-Headers',
      'Access-Control-Max-Age',
      'Vary',
    ]);
  });

  test('other origins, the backend origin and a different port get nothing', () => {
    for (const origin of [
      'http://localhost:3001',
      'https://local.junlog.dev:3001',
      'http://local.junlog.dev:3000',
      'https://evil.example',
    ]) {
      assert.deepEqual(
        evaluateS3Cors(input({ origin, rules })),
        { kind: 'none', reason: 'no-matching-rule' },
        origin,
      );
    }
  });

  test('the same rules given as XML decide the same', () => {
    const xmlRules = parseCorsConfigurationXml(
      '<CORSConfiguration><CORSRule><AllowedHeader>*</AllowedHeader><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>' +
        '<AllowedOrigin>https://local.junlog.dev:3000</AllowedOrigin><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>',
    );
    assert.deepEqual(xmlRules, rules);
  });
});

describe('parseRequestedHeaders', () => {
  test('splits, trims, lower-cases, drops empties and keeps order and duplicates', () => {
    assert.deepEqual(parseRequestedHeaders(' B, a ,,b '), ['b', 'a', 'b']);
    assert.equal(parseRequestedHeaders(undefined), undefined);
    assert.equal(parseRequestedHeaders(' , '), undefined);
  });
});
