import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidationError,
  invalidationPathMatches,
  validateInvalidationPaths,
} from './invalidation-path.ts';

test('invalidation paths match exactly or by prefix with a trailing *, case-sensitively (AWS: "Invalidate files to remove content")', () => {
  const rows: [string, string, boolean][] = [
    ['/images/a.jpg', '/images/a.jpg', true],
    ['/images/a.jpg', '/images/A.jpg', false],
    ['/images/a.jpg', '/images/a.jpg?v=1', false],
    ['/images/a.jpg*', '/images/a.jpg?v=1', true],
    ['/images/*', '/images/deep/b.png', true],
    ['/images*', '/images-old/x', true],
    ['/*', '/anything?q=1', true],
    ['/images/', '/images', false],
  ];
  for (const [path, entry, expected] of rows)
    assert.equal(invalidationPathMatches(path, entry), expected, `${path} vs ${entry}`);
});

test('paths must start with /, use * only last and stay under 4000 characters', () => {
  assert.deepEqual(validateInvalidationPaths(['/a', '/b*']), ['/a', '/b*']);
  for (const bad of [['a.jpg'], ['/a*/b'], [`/${'x'.repeat(4000)}`], [], 'nope']) {
    assert.throws(() => validateInvalidationPaths(bad), InvalidationError);
  }
});
