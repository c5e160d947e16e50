import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPolicyHeaders, removePolicyHeaders } from './apply-policy-headers.ts';

describe('applyPolicyHeaders', () => {
  test('adds a header the response lacks, whatever its override flag', () => {
    for (const override of [true, false]) {
      assert.deepEqual(
        applyPolicyHeaders(
          [['Content-Type', 'text/plain']],
          [{ name: 'X-Frame-Options', value: 'DENY', override }],
        ),
        [
          ['Content-Type', 'text/plain'],
          ['X-Frame-Options', 'DENY'],
        ],
      );
    }
  });

  test('override=false keeps the origin value, compared case-insensitively', () => {
    assert.deepEqual(
      applyPolicyHeaders(
        [['x-frame-options', 'SAMEORIGIN']],
        [{ name: 'X-Frame-Options', value: 'DENY', override: false }],
      ),
      [['x-frame-options', 'SAMEORIGIN']],
    );
  });

  test('override=true replaces the origin value in place and drops repeated instances', () => {
    assert.deepEqual(
      applyPolicyHeaders(
        [
          ['cache-control', 'no-cache'],
          ['ETag', '"1"'],
          ['Cache-Control', 'private'],
        ],
        [{ name: 'Cache-Control', value: 'max-age=60', override: true }],
      ),
      [
        ['Cache-Control', 'max-age=60'],
        ['ETag', '"1"'],
      ],
    );
  });

  test('merge adds only missing tokens, across repeated header lines, and leaves Vary: * alone', () => {
    const vary = [{ name: 'Vary', value: 'Origin', override: false, merge: true }];
    assert.deepEqual(applyPolicyHeaders([['Vary', 'Accept-Encoding']], vary), [
      ['Vary', 'Accept-Encoding, Origin'],
    ]);
    assert.deepEqual(
      applyPolicyHeaders(
        [
          ['Vary', 'accept-encoding'],
          ['vary', 'origin'],
        ],
        vary,
      ),
      [
        ['Vary', 'accept-encoding'],
        ['vary', 'origin'],
      ],
    );
    assert.deepEqual(applyPolicyHeaders([['Vary', '*']], vary), [['Vary', '*']]);
    assert.deepEqual(applyPolicyHeaders([], vary), [['Vary', 'Origin']]);
  });

  test('does not modify its inputs', () => {
    const response: [string, string][] = [['A', '1']];
    applyPolicyHeaders(response, [{ name: 'a', value: '2', override: true }]);
    assert.deepEqual(response, [['A', '1']]);
  });
});

describe('removePolicyHeaders', () => {
  test('removes every instance, case-insensitively; a header removed then added ends up with the policy value', () => {
    const response: [string, string][] = [
      ['Server', 'AmazonS3'],
      ['X-Powered-By', 'x'],
      ['server', 'other'],
    ];
    const removed = removePolicyHeaders(response, ['SERVER']);
    assert.deepEqual(removed, [['X-Powered-By', 'x']]);
    assert.deepEqual(applyPolicyHeaders(removed, [{ name: 'Server', value: 'Frontgate', override: false }]), [
      ['X-Powered-By', 'x'],
      ['Server', 'Frontgate'],
    ]);
  });
});
