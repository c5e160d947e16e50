import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { getSignedCookies } from './get-signed-cookies.ts';
import { getSignedUrl } from './get-signed-url.ts';
import { signPolicy } from './sign-policy.ts';
import { encodeUrlSafeBase64 } from './url-safe-base64.ts';
import { createVerifiedSignatureCache } from './verified-signature-cache.ts';
import type { SignedRequestInput } from './verify-signed-request.ts';
import { verifySignedRequest } from './verify-signed-request.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const trustedKeys = new Map([
  ['KRSA000000000A', { id: 'KRSA000000000A', key: rsa.publicKey }],
  ['KEC0000000000B', { id: 'KEC0000000000B', key: ec.publicKey }],
]);
const now = new Date('2026-05-01T12:00:00.000Z');
const inOneHour = new Date('2026-05-01T13:00:00.000Z');

/** Splits a signed URL into the wire parts the edge sees (without any URL normalisation). */
function requestFor(signedUrl: string, overrides: Partial<SignedRequestInput> = {}): SignedRequestInput {
  const match = /^(https?):\/\/([^/]+)([^?]*)(?:\?(.*))?$/.exec(signedUrl);
  assert.ok(match, signedUrl);
  return {
    scheme: match[1] as 'http' | 'https',
    host: match[2],
    rawPath: match[3],
    rawQuery: match[4] ?? '',
    cookies: {},
    clientIp: '203.0.113.7',
    now,
    trustedKeys,
    ...overrides,
  };
}

function signWithPolicy(policy: string, privateKey = rsaPem, algorithm: 'SHA1' | 'SHA256' = 'SHA1') {
  return {
    'CloudFront-Policy': encodeUrlSafeBase64(policy),
    'CloudFront-Signature': signPolicy(policy, { keyPairId: 'KRSA000000000A', privateKey, algorithm }),
    'CloudFront-Key-Pair-Id': 'KRSA000000000A',
  };
}

function assertDenied(
  decision: ReturnType<typeof verifySignedRequest>,
  code: string,
  detailPattern?: RegExp,
): void {
  assert.equal(decision.kind, 'denied', JSON.stringify(decision));
  if (decision.kind !== 'denied') return;
  assert.equal(decision.code, code, decision.detail);
  if (detailPattern) assert.match(decision.detail, detailPattern);
}

describe('verifySignedRequest', () => {
  it('allows a canned RSA-SHA1 signed URL and reports its expiry', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a/b.txt?x=1',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
    });
    const decision = verifySignedRequest(requestFor(url));
    assert.equal(decision.kind, 'allowed');
    assert.equal(decision.kind === 'allowed' && decision.policy, 'canned');
    assert.equal(decision.kind === 'allowed' && decision.expiresAt.toISOString(), inOneHour.toISOString());
  });

  it('allows ECDSA P-256 with SHA-256 and denies the same URL when Hash-Algorithm is removed', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/v.mp4',
      keyPairId: 'KEC0000000000B',
      privateKey: ecPem,
      dateLessThan: inOneHour,
      algorithm: 'SHA256',
    });
    const decision = verifySignedRequest(requestFor(url));
    assert.equal(decision.kind === 'allowed' && decision.hashAlgorithm, 'SHA256');
    assertDenied(
      verifySignedRequest(requestFor(url.replace('&Hash-Algorithm=SHA256', ''))),
      'AccessDenied',
      /ECDSA-SHA1|EC-SHA1/,
    );
  });

  it('finds signing parameters anywhere in the query and ignores their order', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a.txt?user=1',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
    });
    const [base, query] = url.split('?');
    const params = query.split('&');
    const reordered = `${base}?${[params[2], params[0], params[3], params[1]].join('&')}`;
    assert.equal(verifySignedRequest(requestFor(reordered)).kind, 'allowed');
  });

  it('answers MissingKey for a request without signing material and explains it', () => {
    assertDenied(
      verifySignedRequest(requestFor('https://d111.cloudfront.net/a.txt')),
      'MissingKey',
      /no signing material/,
    );
  });

  it('answers MissingKey with the wire message when Key-Pair-Id is empty', () => {
    const decision = verifySignedRequest(
      requestFor('https://d111.cloudfront.net/a.txt?Expires=1&Signature=abc&Key-Pair-Id='),
    );
    assertDenied(decision, 'MissingKey');
    assert.equal(
      decision.kind === 'denied' && decision.message,
      'Missing Key-Pair-Id query parameter or cookie value',
    );
  });

  it('points out cookie names with the wrong case', () => {
    const decision = verifySignedRequest(
      requestFor('https://d111.cloudfront.net/a.txt', {
        cookies: { 'cloudfront-key-pair-id': 'KRSA000000000A' },
      }),
    );
    assertDenied(decision, 'MissingKey', /case-sensitive/);
  });

  it('answers InvalidKey (Unknown Key) for a key id that is not trusted, before looking at the signature', () => {
    const decision = verifySignedRequest(
      requestFor('https://d111.cloudfront.net/a.txt?Expires=1&Signature=%%%&Key-Pair-Id=KUNKNOWN'),
    );
    assertDenied(decision, 'InvalidKey', /KUNKNOWN/);
    assert.equal(decision.kind === 'denied' && decision.message, 'Unknown Key');
  });

  it('answers MalformedSignature for a signature that is not url-safe base64 or missing', () => {
    assertDenied(
      verifySignedRequest(
        requestFor('https://d111.cloudfront.net/a.txt?Expires=1&Signature=ab!c&Key-Pair-Id=KRSA000000000A'),
      ),
      'MalformedSignature',
    );
    assertDenied(
      verifySignedRequest(
        requestFor('https://d111.cloudfront.net/a.txt?Expires=1&Key-Pair-Id=KRSA000000000A'),
      ),
      'MalformedSignature',
      /no Signature/,
    );
    assertDenied(
      verifySignedRequest(
        requestFor(
          `https://d111.cloudfront.net/a.txt?Expires=1&Key-Pair-Id=KRSA000000000A&Signature=${'A'.repeat(5000)}`,
        ),
      ),
      'MalformedSignature',
    );
  });

  it('answers MalformedPolicy for a non-numeric or out-of-range Expires and a missing policy', () => {
    for (const expires of ['abc', '1777777777000', '-5', '']) {
      assertDenied(
        verifySignedRequest(
          requestFor(
            `https://d111.cloudfront.net/a.txt?Expires=${expires}&Signature=AAAA&Key-Pair-Id=KRSA000000000A`,
          ),
        ),
        'MalformedPolicy',
      );
    }
    assertDenied(
      verifySignedRequest(
        requestFor('https://d111.cloudfront.net/a.txt?Signature=AAAA&Key-Pair-Id=KRSA000000000A'),
      ),
      'MalformedPolicy',
      /neither/,
    );
  });

  it('denies a tampered path, an added parameter and another host with AccessDenied', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a.txt',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
    });
    assertDenied(
      verifySignedRequest(requestFor(url.replace('/a.txt', '/b.txt'))),
      'AccessDenied',
      /canned policy rebuilt for Resource https:\/\/d111.cloudfront.net\/b.txt/,
    );
    assertDenied(verifySignedRequest(requestFor(url.replace('?', '?extra=1&'))), 'AccessDenied');
    assertDenied(verifySignedRequest(requestFor(url.replace('d111.', 'd222.'))), 'AccessDenied');
    assertDenied(verifySignedRequest(requestFor(url.replace('https:', 'http:'))), 'AccessDenied');
  });

  it('denies a signature made with another key', () => {
    const otherPem = otherRsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a.txt',
      keyPairId: 'KRSA000000000A',
      privateKey: otherPem,
      dateLessThan: inOneHour,
    });
    assertDenied(verifySignedRequest(requestFor(url)), 'AccessDenied', /does not verify/);
  });

  it('denies at the expiry second and allows one millisecond before', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a.txt',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
    });
    assertDenied(
      verifySignedRequest(requestFor(url, { now: inOneHour })),
      'AccessDenied',
      /expired at 2026-05-01T13:00:00.000Z/,
    );
    assert.equal(
      verifySignedRequest(requestFor(url, { now: new Date(inOneHour.getTime() - 1) })).kind,
      'allowed',
    );
  });

  it('denies at and before DateGreaterThan (strict) and allows after it', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a.txt',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
      dateGreaterThan: now,
    });
    assertDenied(verifySignedRequest(requestFor(url)), 'AccessDenied', /not valid until after/);
    assert.equal(
      verifySignedRequest(requestFor(url, { now: new Date(now.getTime() + 1000) })).kind,
      'allowed',
    );
  });

  it('checks the client IP against the IPv4 CIDR, including IPv4-mapped and IPv6 addresses', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/a.txt',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
      ipAddress: '203.0.113.0/24',
    });
    assert.equal(verifySignedRequest(requestFor(url)).kind, 'allowed');
    assert.equal(verifySignedRequest(requestFor(url, { clientIp: '::ffff:203.0.113.200' })).kind, 'allowed');
    assertDenied(
      verifySignedRequest(requestFor(url, { clientIp: '198.51.100.1' })),
      'AccessDenied',
      /"198.51.100.1" is not in/,
    );
    assertDenied(verifySignedRequest(requestFor(url, { clientIp: '2001:db8::1' })), 'AccessDenied', /IPv6/);
  });

  it('prefers signed-URL parameters over cookies', () => {
    const cookies = getSignedCookies({
      url: 'https://d111.cloudfront.net/a.txt',
      keyPairId: 'KRSA000000000A',
      privateKey: rsaPem,
      dateLessThan: inOneHour,
    });
    const cookieMap = new Map(Object.entries(cookies).map(([k, v]) => [k, String(v)]));
    assert.equal(
      verifySignedRequest(requestFor('https://d111.cloudfront.net/a.txt', { cookies: cookieMap })).kind,
      'allowed',
    );
    const decision = verifySignedRequest(
      requestFor('https://d111.cloudfront.net/a.txt?Expires=1', { cookies: cookieMap }),
    );
    assertDenied(decision, 'MissingKey', /precedence/);
  });

  it('verifies custom cookies with a wildcard resource and denies other paths', () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: 'https://cdn.example.com/videos/*',
          Condition: { DateLessThan: { 'AWS:EpochTime': inOneHour.getTime() / 1000 } },
        },
      ],
    });
    const cookies = signWithPolicy(policy);
    const decision = verifySignedRequest(
      requestFor('https://cdn.example.com/videos/1/master.m3u8', { cookies }),
    );
    assert.equal(decision.kind === 'allowed' && decision.via, 'cookie');
    assertDenied(
      verifySignedRequest(requestFor('https://cdn.example.com/images/x.png', { cookies })),
      'AccessDenied',
      /does not match/,
    );
  });

  it('tolerates whitespace, any member order and a single Statement object in a custom policy', () => {
    const policy = `{\r\n  "Statement": {\n    "Condition": { "DateLessThan" : { "AWS:EpochTime" : ${inOneHour.getTime() / 1000} } },\n    "Resource": "https://cdn.example.com/*"\n  }\n}`;
    assert.equal(
      verifySignedRequest(requestFor('https://cdn.example.com/a', { cookies: signWithPolicy(policy) })).kind,
      'allowed',
    );
  });

  it('answers MalformedPolicy for signed but structurally wrong policies', () => {
    const epoch = inOneHour.getTime() / 1000;
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      [JSON.stringify({ Statement: [] }), /exactly one statement, found 0/],
      [
        JSON.stringify({
          Statement: [
            { Condition: { DateLessThan: { 'AWS:EpochTime': epoch } } },
            { Condition: { DateLessThan: { 'AWS:EpochTime': epoch } } },
          ],
        }),
        /found 2/,
      ],
      [JSON.stringify({ Statement: [{ Resource: '*', Condition: {} }] }), /no DateLessThan/],
      [
        JSON.stringify({
          Statement: [{ Resource: '*', Condition: { DateLessThan: { 'AWS:EpochTime': epoch * 1000 } } }],
        }),
        /milliseconds/,
      ],
      [
        JSON.stringify({
          Statement: [{ Resource: '*', Condition: { DateLessThan: { 'AWS:EpochTime': String(epoch) } } }],
        }),
        /integer/,
      ],
      [
        JSON.stringify({
          Statement: [
            { Resource: '*', Condition: { DateLessThan: { 'AWS:EpochTime': epoch }, DateLesThan: {} } },
          ],
        }),
        /unknown member "DateLesThan"/,
      ],
      [
        JSON.stringify({
          Statement: [
            {
              Resource: '*',
              Condition: {
                DateLessThan: { 'AWS:EpochTime': epoch },
                IpAddress: { 'AWS:SourceIp': '2001:db8::/32' },
              },
            },
          ],
        }),
        /IPv4 only/,
      ],
      [`${'['.repeat(5000)}${']'.repeat(5000)}`, /must be a JSON object/],
    ];
    for (const [policy, detail] of cases) {
      assertDenied(
        verifySignedRequest(requestFor('https://cdn.example.com/a', { cookies: signWithPolicy(policy) })),
        'MalformedPolicy',
        detail,
      );
    }
  });

  it('denies oversized and undecodable policies and huge cookies without throwing', () => {
    const base = { 'CloudFront-Signature': 'AAAA', 'CloudFront-Key-Pair-Id': 'KRSA000000000A' };
    assertDenied(
      verifySignedRequest(
        requestFor('https://cdn.example.com/a', {
          cookies: { ...base, 'CloudFront-Policy': 'A'.repeat(30000) },
        }),
      ),
      'MalformedPolicy',
      /more than a request can carry/,
    );
    assertDenied(
      verifySignedRequest(
        requestFor('https://cdn.example.com/a', { cookies: { ...base, 'CloudFront-Policy': 'ab$c' } }),
      ),
      'MalformedPolicy',
      /not url-safe base64/,
    );
    assertDenied(
      verifySignedRequest(
        requestFor('https://cdn.example.com/a', {
          cookies: { ...base, 'CloudFront-Key-Pair-Id': 'K'.repeat(100000) },
        }),
      ),
      'InvalidKey',
    );
  });

  it('denies a forged ECDSA signature of the right length', () => {
    const url = getSignedUrl({
      url: 'https://d111.cloudfront.net/v.mp4',
      keyPairId: 'KEC0000000000B',
      privateKey: ecPem,
      dateLessThan: inOneHour,
    });
    const forged = url.replace(
      /Signature=([^&]+)/,
      (_m, sig: string) => `Signature=${sig.startsWith('M') ? 'N' : 'M'}${sig.slice(1)}`,
    );
    assertDenied(verifySignedRequest(requestFor(forged)), 'AccessDenied');
  });

  it('reuses a cached verification until the policy expires, still checking the resource', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 10 });
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: 'https://cdn.example.com/v/*',
          Condition: { DateLessThan: { 'AWS:EpochTime': inOneHour.getTime() / 1000 } },
        },
      ],
    });
    const cookies = signWithPolicy(policy);
    assert.equal(
      verifySignedRequest(requestFor('https://cdn.example.com/v/1', { cookies, signatureCache: cache })).kind,
      'allowed',
    );
    assert.equal(cache.size(), 1);
    assert.equal(
      verifySignedRequest(requestFor('https://cdn.example.com/v/2', { cookies, signatureCache: cache })).kind,
      'allowed',
    );
    assertDenied(
      verifySignedRequest(requestFor('https://cdn.example.com/x/2', { cookies, signatureCache: cache })),
      'AccessDenied',
    );
    assertDenied(
      verifySignedRequest(
        requestFor('https://cdn.example.com/v/1', { cookies, signatureCache: cache, now: inOneHour }),
      ),
      'AccessDenied',
      /expired/,
    );
  });
  it('recalls repeated cookie credentials by their text, and a one-character change still fails verification', () => {
    const cache = createVerifiedSignatureCache({ maxEntries: 10 });
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: 'https://cdn.example.com/v/*',
          Condition: { DateLessThan: { 'AWS:EpochTime': inOneHour.getTime() / 1000 } },
        },
      ],
    });
    const cookies = signWithPolicy(policy);
    const first = verifySignedRequest(
      requestFor('https://cdn.example.com/v/1', { cookies, signatureCache: cache }),
    );
    assert.equal(first.kind, 'allowed');
    const again = verifySignedRequest(
      requestFor('https://cdn.example.com/v/2', { cookies, signatureCache: cache }),
    );
    assert.deepEqual(again, first);
    const signature = cookies['CloudFront-Signature'];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    assertDenied(
      verifySignedRequest(
        requestFor('https://cdn.example.com/v/1', {
          cookies: { ...cookies, 'CloudFront-Signature': flipped },
          signatureCache: cache,
        }),
      ),
      'AccessDenied',
      /does not verify/,
    );
    // Another key behind the same key id (rotation) does not inherit the recalled verification.
    const rotated = new Map([['KRSA000000000A', { id: 'KRSA000000000A', key: otherRsa.publicKey }]]);
    assertDenied(
      verifySignedRequest(
        requestFor('https://cdn.example.com/v/1', { cookies, signatureCache: cache, trustedKeys: rotated }),
      ),
      'AccessDenied',
      /does not verify/,
    );
  });
});
