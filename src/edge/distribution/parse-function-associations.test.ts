import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFunctionAssociations } from './parse-function-associations.ts';

const ARN = 'arn:aws:cloudfront::123456789012:function/spa-rewrite';

test('associations are read by event type', () => {
  assert.deepEqual(
    parseFunctionAssociations(
      {
        FunctionAssociations: {
          Quantity: 2,
          Items: [
            { FunctionARN: ARN, EventType: 'viewer-request' },
            { FunctionARN: `${ARN}-2`, EventType: 'viewer-response' },
          ],
        },
      },
      'DefaultCacheBehavior',
    ),
    { 'viewer-request': ARN, 'viewer-response': `${ARN}-2` },
  );
  assert.deepEqual(parseFunctionAssociations({ FunctionAssociations: { Quantity: 0 } }, 'B'), {});
  assert.deepEqual(parseFunctionAssociations({}, 'B'), {});
});

test('origin events, a second function for one event and malformed ARNs are InvalidFunctionAssociation', () => {
  const cases = [
    [{ FunctionARN: ARN, EventType: 'origin-request' }],
    [
      { FunctionARN: ARN, EventType: 'viewer-request' },
      { FunctionARN: ARN, EventType: 'viewer-request' },
    ],
    [{ FunctionARN: 'spa-rewrite', EventType: 'viewer-request' }],
  ];
  for (const items of cases) {
    assert.throws(
      () =>
        parseFunctionAssociations({ FunctionAssociations: { Quantity: items.length, Items: items } }, 'B'),
      { code: 'InvalidFunctionAssociation' },
      JSON.stringify(items),
    );
  }
});
