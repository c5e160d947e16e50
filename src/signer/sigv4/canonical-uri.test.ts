import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { canonicalizeQuery, canonicalizeUri, decodeQueryComponent, encodeRfc3986 } from './canonical-uri.ts';

describe('canonicalizeUri', () => {
  const cases: Array<[string, string, string]> = [
    ['an empty path becomes /', '', '/'],
    ['a well-encoded path is used as sent', '/b/a%20b%2Bc%25d', '/b/a%20b%2Bc%25d'],
    ['dot segments are not removed', '/b/a/../c/./d', '/b/a/../c/./d'],
    ['double slashes are kept', '/b//k', '/b//k'],
    ['an encoded slash stays encoded', '/b/a%2Fb', '/b/a%2Fb'],
    ['lower-case escapes are upper-cased', '/b/%e6%97%a5', '/b/%E6%97%A5'],
    ['encoded unreserved characters are decoded', '/b/%41%7E', '/b/A~'],
    ['raw reserved characters are encoded', "/b/a+b!'()*$", '/b/a%2Bb%21%27%28%29%2A%24'],
    ['raw UTF-8 is encoded', '/b/ü🎉', '/b/%C3%BC%F0%9F%8E%89'],
    ['a stray percent is encoded', '/b/100%', '/b/100%25'],
  ];
  for (const [what, raw, canonical] of cases) {
    it(what, () => assert.equal(canonicalizeUri(raw), canonical));
  }
});

describe('canonicalizeQuery', () => {
  const cases: Array<[string, string, string]> = [
    ['sorts by name then value', 'b=2&a=2&a=1', 'a=1&a=2&b=2'],
    ['gives valueless parameters =', 'uploads&acl=', 'acl=&uploads='],
    ['re-encodes values per RFC 3986', 'prefix=a b&x=%7e%2f', 'prefix=a%20b&x=~%2F'],
    ['keeps + as a literal plus', 'q=a+b', 'q=a%2Bb'],
    ['sorts by encoded name (upper case before lower)', 'x-id=1&X-Amz-Date=2', 'X-Amz-Date=2&x-id=1'],
    ['skips empty pieces', 'a=1&&b=2&', 'a=1&b=2'],
    ['treats an empty query as empty', '', ''],
  ];
  for (const [what, raw, canonical] of cases) {
    it(what, () => assert.equal(canonicalizeQuery(raw), canonical));
  }
  it('drops the excluded parameter by decoded name', () => {
    assert.equal(canonicalizeQuery('a=1&X-Amz-Signature=abc', 'X-Amz-Signature'), 'a=1');
  });
});

describe('encodeRfc3986', () => {
  it('encodes everything but unreserved characters, as UTF-8', () => {
    assert.equal(encodeRfc3986("a-_.~ /+*!'é"), 'a-_.~%20%2F%2B%2A%21%27%C3%A9');
  });
});

test('a component already in canonical form is kept, and canonical forms are fixed points (seeded random targets)', () => {
  const alphabet = [
    'a',
    'Z',
    '0',
    '-',
    '.',
    '_',
    '~',
    '/',
    '%',
    '2',
    'F',
    'f',
    'e',
    'A',
    ' ',
    '+',
    '=',
    'é',
    '€',
    '😀',
  ];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let n = 0; n < 5000; n++) {
    let raw = '';
    const length = next() % 12;
    for (let i = 0; i < length; i++) raw += alphabet[next() % alphabet.length];
    const path = canonicalizeUri(raw);
    assert.equal(canonicalizeUri(path), path, `path ${JSON.stringify(raw)}`);
    const query = canonicalizeQuery(`k=${raw}`);
    assert.equal(canonicalizeQuery(query), query, `query ${JSON.stringify(raw)}`);
  }
  assert.equal(
    canonicalizeUri('/a%2fb%7e'),
    '/a%2Fb~',
    'lower-case escapes and escaped unreserved bytes change',
  );
  assert.equal(canonicalizeUri('/a%2Fb'), '/a%2Fb');
});

test('query components decode valid escapes as UTF-8 and leave invalid ones literal', () => {
  assert.equal(decodeQueryComponent('a%2Fb%41'), 'a/bA');
  assert.equal(decodeQueryComponent('%E2%82%AC'), '€');
  assert.equal(decodeQueryComponent('100%zz'), '100%zz');
  assert.equal(decodeQueryComponent('%FF'), '\uFFFD');
  assert.equal(decodeQueryComponent('a+b'), 'a+b');
});
