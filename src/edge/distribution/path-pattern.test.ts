import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPathPattern, compilePathPattern } from './path-pattern.ts';

// [pattern, raw path, expected] — AWS Developer Guide examples (AWS: "Cache behavior settings") plus edge cases.
const cases: readonly (readonly [string, string, boolean])[] = [
  ['/images/*.jpg', '/images/product1.jpg', true],
  ['images/*.jpg', '/images/product1.jpg', true],
  ['images/*.jpg', '/images/product1/a.jpg', true],
  ['/images/*.jpg', '/images/a.png', false],
  ['/images/*.jpg', '/other/images/a.jpg', false],
  ['images/*', '/images/sample.gif', true],
  ['images/*', '/images/', true],
  ['images/*', '/images', false],
  ['*.doc*', '/file.doc', true],
  ['*.doc*', '/file.docx', true],
  ['*.doc*', '/file.docm', true],
  ['*.doc?', '/file.doc', false],
  ['*.doc?', '/file.docx', true],
  ['*.jpg', '/LOGO.JPG', false],
  ['*.jpg', '/a/b/c/logo.jpg', true],
  ['/a?c', '/abc', true],
  ['/a?c', '/ac', false],
  ['/a?c', '/abbc', false],
  ['/a?c', '/a/c', true],
  ['/index.html', '/index.html', true],
  ['/index.html', '/index.htm', false],
  ['/index.html', '/index.html/', false],
  ['/index.html', '/INDEX.html', false],
  ['*', '/anything/at/all', true],
  ['/*', '/', true],
  ['/api/*/users', '/api/v1/users', true],
  ['/api/*/users', '/api/v1/v2/users', true],
  ['/api/*/users', '/api/users', false],
  ['/a*b*c', '/abc', true],
  ['/a*b*c', '/aXbYc', true],
  ['/a*b*c', '/acb', false],
  ['/ab*ba', '/aba', false],
  ['/ab*ba', '/abba', true],
  ['/x*?y', '/xy', false],
  ['/x*?y', '/xzy', true],
  ['/videos/*', '/videos/course%201/a.mp4', true],
  ['/videos/course 1/*', '/videos/course%201/a.mp4', false],
];

describe('path patterns', () => {
  for (const [pattern, path, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compilePathPattern(pattern)(path), expected);
    });
  }

  it('matches adversarial patterns against long paths in linear time', () => {
    const matcher = compilePathPattern('/*a*a*a*a*a*a*a*a*a*a*b');
    const path = `/${'a'.repeat(200_000)}`;
    const started = performance.now();
    assert.equal(matcher(path), false);
    assert.equal(matcher(`${path}b`), true);
    assert.ok(performance.now() - started < 500, 'matching took too long');
  });

  it('accepts the characters the API allows and refuses others', () => {
    assert.equal(checkPathPattern(`/a-z_A.Z~0$9/"'@:+&*?`), undefined);
    assert.match(checkPathPattern('/images/[0-9].jpg') ?? '', /character outside/);
    assert.match(checkPathPattern('/with space') ?? '', /character outside/);
    assert.match(checkPathPattern('/%20') ?? '', /character outside/);
    assert.match(checkPathPattern('') ?? '', /empty/);
    assert.equal(checkPathPattern(`/${'a'.repeat(254)}`), undefined);
    assert.match(checkPathPattern(`/${'a'.repeat(255)}`) ?? '', /longer than 255/);
  });
});
