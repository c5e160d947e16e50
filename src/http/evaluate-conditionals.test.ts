import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateConditionals } from './evaluate-conditionals.ts';

const target = { etag: '"abc"', lastModified: new Date('2024-01-10T12:00:00.500Z') };
const now = new Date('2024-06-01T00:00:00Z');
const before = 'Tue, 09 Jan 2024 12:00:00 GMT';
const same = 'Wed, 10 Jan 2024 12:00:00 GMT';
const after = 'Thu, 11 Jan 2024 12:00:00 GMT';
const future = 'Sat, 01 Jan 2030 00:00:00 GMT';

test('conditionals follow S3 precedence for GET', () => {
  const cases: [Record<string, string>, string, string?][] = [
    [{}, 'proceed'],
    [{ ifMatch: '"abc"' }, 'proceed'],
    [{ ifMatch: 'abc' }, 'proceed'],
    [{ ifMatch: '*' }, 'proceed'],
    [{ ifMatch: '"x", "abc"' }, 'proceed'],
    [{ ifMatch: '"nope"' }, 'precondition-failed', 'If-Match'],
    [{ ifUnmodifiedSince: before }, 'precondition-failed', 'If-Unmodified-Since'],
    [{ ifUnmodifiedSince: same }, 'proceed'],
    // If-Match true overrides a failing If-Unmodified-Since (S3 doc: 200).
    [{ ifMatch: '"abc"', ifUnmodifiedSince: before }, 'proceed'],
    [{ ifNoneMatch: '"abc"' }, 'not-modified'],
    [{ ifNoneMatch: 'W/"abc"' }, 'not-modified'],
    [{ ifNoneMatch: '"other"' }, 'proceed'],
    [{ ifModifiedSince: same }, 'not-modified'],
    [{ ifModifiedSince: after }, 'not-modified'],
    [{ ifModifiedSince: before }, 'proceed'],
    [{ ifModifiedSince: future }, 'proceed'],
    [{ ifModifiedSince: 'garbage' }, 'proceed'],
    // If-None-Match decides when both are present.
    [{ ifNoneMatch: '"abc"', ifModifiedSince: before }, 'not-modified'],
    [{ ifNoneMatch: '"other"', ifModifiedSince: after }, 'proceed'],
    // 412 beats 304.
    [{ ifMatch: '"nope"', ifNoneMatch: '"abc"' }, 'precondition-failed', 'If-Match'],
    [{ ifUnmodifiedSince: before, ifModifiedSince: after }, 'precondition-failed', 'If-Unmodified-Since'],
  ];
  for (const [headers, kind, condition] of cases) {
    const decision = evaluateConditionals(headers, target, { safeMethod: true, now });
    assert.equal(decision.kind, kind, JSON.stringify(headers));
    if (condition) assert.equal((decision as { condition: string }).condition, condition);
  }
});

test('a matching If-None-Match on an unsafe method is a precondition failure', () => {
  const decision = evaluateConditionals({ ifNoneMatch: '*' }, target, { safeMethod: false, now });
  assert.deepEqual(decision, { kind: 'precondition-failed', condition: 'If-None-Match' });
});
