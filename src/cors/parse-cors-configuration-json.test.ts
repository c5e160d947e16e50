import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CorsConfigurationError, MALFORMED_XML_MESSAGE } from './cors-configuration-error.ts';
import { parseCorsConfigurationJson } from './parse-cors-configuration-json.ts';

const junlog: unknown = JSON.parse(
  readFileSync(new URL('../../examples/junlog/bucket-cors.json', import.meta.url), 'utf8'),
);

function assertRejected(value: unknown, code: string, message: string) {
  assert.throws(
    () => parseCorsConfigurationJson(value),
    (error: unknown) =>
      error instanceof CorsConfigurationError && error.code === code && error.message === message,
  );
}

describe('parseCorsConfigurationJson', () => {
  test('reads the console array form of the junlog bucket', () => {
    assert.deepEqual(parseCorsConfigurationJson(junlog), [
      {
        AllowedOrigins: ['https://local.junlog.dev:3000'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedHeaders: ['*'],
        ExposeHeaders: [],
        MaxAgeSeconds: 3000,
      },
    ]);
  });

  test('reads the {"CORSRules": [...]} form put-bucket-cors takes, with the same result', () => {
    assert.deepEqual(parseCorsConfigurationJson({ CORSRules: junlog }), parseCorsConfigurationJson(junlog));
  });

  test('absent lists are empty and an ID is kept', () => {
    assert.deepEqual(
      parseCorsConfigurationJson([{ ID: 'r1', AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }]),
      [{ ID: 'r1', AllowedOrigins: ['*'], AllowedMethods: ['PUT'], AllowedHeaders: [], ExposeHeaders: [] }],
    );
  });

  test('does not share arrays with the input', () => {
    const input = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }];
    const [rule] = parseCorsConfigurationJson(input);
    input[0].AllowedOrigins.push('x');
    assert.deepEqual(rule.AllowedOrigins, ['*']);
  });

  const malformed: [string, unknown][] = [
    ['a string', '[]'],
    ['null', null],
    ['an empty list', []],
    ['an empty CORSRules', { CORSRules: [] }],
    ['a member beside CORSRules', { CORSRules: junlog, Extra: 1 }],
    ['a rule that is not an object', [1]],
    ['a rule without AllowedOrigins', [{ AllowedMethods: ['GET'] }]],
    ['a rule with empty AllowedMethods', [{ AllowedOrigins: ['*'], AllowedMethods: [] }]],
    ['an unknown member (singular name)', [{ AllowedOrigin: ['*'], AllowedMethods: ['GET'] }]],
    ['a list that is a string', [{ AllowedOrigins: '*', AllowedMethods: ['GET'] }]],
    ['a list holding a number', [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: [1] }]],
    [
      'MaxAgeSeconds as a string',
      [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: '3000' }],
    ],
    ['MaxAgeSeconds as a fraction', [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 1.5 }]],
    ['an ID that is a number', [{ ID: 1, AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]],
    ['101 rules', Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }))],
    ['a control character XML cannot carry', [{ AllowedOrigins: ['a\u0000'], AllowedMethods: ['GET'] }]],
  ];
  for (const [name, value] of malformed) {
    test(`MalformedXML for ${name}`, () => assertRejected(value, 'MalformedXML', MALFORMED_XML_MESSAGE));
  }

  test('value errors carry the same InvalidRequest messages as the XML form', () => {
    assertRejected(
      [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }],
      'InvalidRequest',
      'Found unsupported HTTP method in CORS config. Unsupported method is PATCH',
    );
    assertRejected(
      [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['*'] }],
      'InvalidRequest',
      'ExposeHeader "*" contains wildcard. We currently do not support wildcard for ExposeHeader.',
    );
  });
});
