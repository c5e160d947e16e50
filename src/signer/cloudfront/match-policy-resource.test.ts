import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestUrlParts } from './match-policy-resource.ts';
import { matchGlob, matchPolicyResource } from './match-policy-resource.ts';

function request(url: string): RequestUrlParts {
  const match = /^(https?):\/\/([^/]+)([^?]*)(?:\?(.*))?$/.exec(url);
  assert.ok(match, url);
  return { scheme: match[1], host: match[2], rawPath: match[3], rawQuery: match[4] ?? '' };
}

// [policy Resource, request URL as on the wire, expected] — AWS doc examples first (AWS: "Create a signed URL using a custom policy").
const table: [string, string, boolean][] = [
  ['https://www.example.com/hello*world', 'https://www.example.com/helloworld', true],
  ['https://www.example.com/hello*world', 'https://www.example.com/hello-world', true],
  ['https://www.example.com/hello*world', 'https://www.other.com/hello-world', false],
  [
    'https://d111111abcdef8.cloudfront.net/*game_download.zip*',
    'https://d111111abcdef8.cloudfront.net/game_download.zip',
    true,
  ],
  [
    'https://d111111abcdef8.cloudfront.net/*game_download.zip*',
    'https://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes',
    true,
  ],
  [
    'https://d111111abcdef8.cloudfront.net/*game_download.zip*',
    'https://d111111abcdef8.cloudfront.net/test_game_download.zip?license=temp',
    true,
  ],
  ['http://example.com/hello*', 'http://example.com/hello?x=1', true],
  ['http://example.com/hello*', 'http://example.com/hello/there', true],
  ['http://example.com*', 'http://example.com/any/path?q=1', true],
  ['http://example.com*', 'http://example.com.evil.net/any', true],
  ['*example.com', 'https://www.example.com/', true],
  ['*example.com', 'https://www.example.com/x', false],
  ['*', 'http://anything/at/all?x', true],
  [
    'https://example.com/horizon.jpg\\?size=large&license=yes',
    'https://example.com/horizon.jpg?size=large&license=yes',
    true,
  ],
  [
    'https://example.com/horizon.jpg\\?size=large&license=yes',
    'https://example.com/horizon.jpg?size=small&license=yes',
    false,
  ],
  ['https://example.com/horizon.jpg\\?size=*', 'https://example.com/horizon.jpg?size=anything', true],
  ['https://example.com/a\\?*', 'https://example.com/a', true],
  // Section boundaries: a `*` in the path does not swallow the query, nor the domain the path.
  ['https://example.com/a*b', 'https://example.com/a?x=b', false],
  ['https://*.example.com/x', 'https://a.example.com/x', true],
  ['https://*/x', 'https://a.example.com/y/x', false],
  // Unescaped `?` (what SDK-signed custom policies contain) and `?` as a one-character wildcard.
  ['https://example.com/p?x=1', 'https://example.com/p?x=1', true],
  ['https://example.com/p?x=1', 'https://example.com/p?x=2', false],
  ['https://example.com/file?.txt', 'https://example.com/file1.txt', true],
  ['https://example.com/file?.txt', 'https://example.com/file12.txt', false],
  // Scheme: `*://` matches both, `https://` only https; host case-insensitive, port part of the host.
  ['*://example.com/x', 'http://example.com/x', true],
  ['https://example.com/x', 'http://example.com/x', false],
  ['https://EXAMPLE.com/x', 'https://example.COM/x', true],
  ['https://example.com/x', 'https://example.com:8443/x', false],
  ['https://example.com:8443/*', 'https://example.com:8443/x', true],
  // Wire form: no decoding, so an encoded space only matches an encoded space; the path is case-sensitive.
  ['https://example.com/a%20b', 'https://example.com/a%20b', true],
  ['https://example.com/a b', 'https://example.com/a%20b', false],
  ['https://example.com/Videos/*', 'https://example.com/videos/1', false],
  // No trailing `*`: a query string is not covered.
  ['https://example.com/x', 'https://example.com/x?y=1', false],
  [
    'https://dev.cloudfront.junlog.dev/videos/course-1/*',
    'https://dev.cloudfront.junlog.dev/videos/course-1/master.m3u8',
    true,
  ],
  [
    'https://dev.cloudfront.junlog.dev/videos/course-1/*',
    'https://dev.cloudfront.junlog.dev/videos/course-2/x',
    false,
  ],
];

describe('matchPolicyResource', () => {
  for (const [pattern, url, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${url} with ${pattern}`, () => {
      assert.equal(matchPolicyResource(pattern, request(url)), expected);
    });
  }
});

describe('matchGlob', () => {
  it('treats a literal star in the text as matched by a star in the pattern', () => {
    assert.equal(matchGlob('a*', 'a*b'), true);
    assert.equal(matchGlob('a*c', 'a*b'), false);
  });

  it('stays fast on patterns built to cause backtracking', () => {
    const started = performance.now();
    assert.equal(matchGlob(`${'*a'.repeat(200)}b`, 'a'.repeat(8000)), false);
    assert.ok(performance.now() - started < 2000);
  });
});
