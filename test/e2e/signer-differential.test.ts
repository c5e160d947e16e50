// Differential tests against the official @aws-sdk/cloudfront-signer: our getSignedUrl/getSignedCookies give the
// same output for the same input (RSA is deterministic; ECDSA is compared without the signature and cross-verified),
// and whatever the official package signs, our verifier accepts as a client would send it — and denies when altered.

import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  getSignedCookies as sdkGetSignedCookies,
  getSignedUrl as sdkGetSignedUrl,
} from '@aws-sdk/cloudfront-signer';
import {
  decodeUrlSafeBase64,
  getSignedCookies,
  getSignedUrl,
  verifySignedRequest,
} from '../../src/signer/cloudfront/index.ts';
import type { SignedRequestInput } from '../../src/signer/cloudfront/index.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const encryptedRsaPem = rsa.privateKey.export({
  type: 'pkcs8',
  format: 'pem',
  cipher: 'aes-256-cbc',
  passphrase: 'SAMPLE',
}) as string;
const keys = {
  rsa: {
    id: 'KRSAKEY0000001',
    pem: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicKey: rsa.publicKey,
  },
  ecdsa: {
    id: 'KECKEY00000002',
    pem: ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string,
    publicKey: ec.publicKey,
  },
};
const trustedKeys = new Map([
  [keys.rsa.id, { id: keys.rsa.id, key: keys.rsa.publicKey }],
  [keys.ecdsa.id, { id: keys.ecdsa.id, key: keys.ecdsa.publicKey }],
]);
const now = new Date('2026-05-01T12:00:00.400Z');
const clientIp = '10.1.2.3';

const urls = [
  'https://d111111abcdef8.cloudfront.net/private-content/private.jpeg',
  'https://d111111abcdef8.cloudfront.net/a file with spaces/[1] x.pdf',
  'https://d111111abcdef8.cloudfront.net/images/bar.png/format=webp,height=2000,width=2000',
  "https://d111111abcdef8.cloudfront.net/it's/ünïcødé/文件.txt",
  'https://d111111abcdef8.cloudfront.net/a/./b/../c.txt',
  'https://d111111abcdef8.cloudfront.net/already%20encoded/x%5B1%5D.txt',
  "https://d111111abcdef8.cloudfront.net/q.txt?q=!@#$%^&*()&image-description=aws's image&'''&!()=5",
  'https://d111111abcdef8.cloudfront.net/plus.txt?a=1+2&b=c%2Bd&flag',
  "https://d111111abcdef8.cloudfront.net/d.bin?response-content-disposition=attachment;filename=test;filename*=UTF-8''文件",
  'https://d111111abcdef8.cloudfront.net:8443/port.txt?x=1',
];

type Variant = {
  name: string;
  key: 'rsa' | 'ecdsa';
  algorithm?: 'SHA1' | 'SHA256';
  extra: { dateGreaterThan?: string | number | Date; ipAddress?: string };
};
const variants: Variant[] = [
  { name: 'canned RSA-SHA1', key: 'rsa', extra: {} },
  { name: 'canned RSA-SHA256', key: 'rsa', algorithm: 'SHA256', extra: {} },
  { name: 'custom (start) RSA-SHA1', key: 'rsa', extra: { dateGreaterThan: '2026-05-01T11:00:00Z' } },
  { name: 'custom (ip) RSA-SHA256', key: 'rsa', algorithm: 'SHA256', extra: { ipAddress: '10.1.0.0/16' } },
  {
    name: 'custom (start+ip) RSA',
    key: 'rsa',
    extra: { dateGreaterThan: 1777629600000, ipAddress: '10.1.2.3' },
  },
  { name: 'canned ECDSA-SHA1', key: 'ecdsa', extra: {} },
  { name: 'custom ECDSA-SHA256', key: 'ecdsa', algorithm: 'SHA256', extra: { ipAddress: '10.0.0.0/8' } },
];
const dateLessThan = '2026-05-01T12:30:00.600Z'; // rounds up, like the SDK

/** The request a client sends for a signed URL: scheme, Host and raw target exactly as in the string. */
function wireRequest(signedUrl: string, overrides: Partial<SignedRequestInput> = {}): SignedRequestInput {
  const match = /^(https?):\/\/([^/]+)([^?]*)(?:\?(.*))?$/.exec(signedUrl);
  assert.ok(match, signedUrl);
  return {
    scheme: match[1] as 'http' | 'https',
    host: match[2],
    rawPath: match[3],
    rawQuery: match[4] ?? '',
    cookies: {},
    clientIp,
    now,
    trustedKeys,
    ...overrides,
  };
}

function withoutSignature(text: string): string {
  return text.replace(/Signature=[^&]*/, 'Signature=<sig>');
}

describe('getSignedUrl and getSignedCookies match @aws-sdk/cloudfront-signer', () => {
  for (const variant of variants) {
    it(`produces the official output and verifies it (${variant.name})`, () => {
      const key = keys[variant.key];
      for (const url of urls) {
        const input = {
          url,
          keyPairId: key.id,
          privateKey: key.pem,
          dateLessThan,
          algorithm: variant.algorithm,
          ...variant.extra,
        };
        const official = sdkGetSignedUrl(input);
        const ours = getSignedUrl(input);
        if (variant.key === 'rsa') assert.equal(ours, official, url);
        else assert.equal(withoutSignature(ours), withoutSignature(official), url);
        for (const signed of [official, ours]) {
          const decision = verifySignedRequest(wireRequest(signed));
          assert.equal(decision.kind, 'allowed', `${url}: ${JSON.stringify(decision)}`);
        }
        const officialCookies = sdkGetSignedCookies(input);
        const ourCookies = getSignedCookies(input);
        if (variant.key === 'rsa') assert.deepEqual(ourCookies, officialCookies);
        else
          assert.deepEqual(
            { ...ourCookies, 'CloudFront-Signature': '' },
            { ...officialCookies, 'CloudFront-Signature': '' },
          );
      }
    });
  }

  it('matches for a user-supplied policy, with and without url, and for rtmp and ws', () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: '*://d111111abcdef8.cloudfront.net/*',
          Condition: { DateLessThan: { 'AWS:EpochTime': 1777638600 } },
        },
      ],
    });
    const base = { keyPairId: keys.rsa.id, privateKey: keys.rsa.pem };
    assert.equal(getSignedUrl({ ...base, policy }), sdkGetSignedUrl({ ...base, policy }));
    assert.equal(
      getSignedUrl({ ...base, policy, url: urls[1] }),
      sdkGetSignedUrl({ ...base, policy, url: urls[1] }),
    );
    assert.deepEqual(
      getSignedCookies({ ...base, policy: '{"foo":"bar"}' }),
      sdkGetSignedCookies({ ...base, policy: '{"foo":"bar"}' }),
    );
    for (const url of [
      'rtmp://s1.cloudfront.net/cfx/st/private-content/private.jpeg',
      'rtmp://s1.cloudfront.net:1935/a b.mp4',
      'wss://d1.cloudfront.net/socket?x=1',
    ]) {
      assert.equal(
        getSignedUrl({ ...base, url, dateLessThan }),
        sdkGetSignedUrl({ ...base, url, dateLessThan }),
      );
    }
    assert.equal(
      getSignedUrl({
        ...base,
        privateKey: encryptedRsaPem,
        passphrase: 'SAMPLE',
        url: urls[0],
        dateLessThan,
      }),
      sdkGetSignedUrl({
        ...base,
        privateKey: encryptedRsaPem,
        passphrase: 'SAMPLE',
        url: urls[0],
        dateLessThan,
      }),
    );
  });

  it('accepts every date form with the same rounding', () => {
    const base = { url: urls[0], keyPairId: keys.rsa.id, privateKey: keys.rsa.pem };
    for (const date of ['2020-01-01', 1125674245900, new Date(1125674245499), '2026-05-01T12:30:00.5Z']) {
      assert.equal(
        getSignedUrl({ ...base, dateLessThan: date }),
        sdkGetSignedUrl({ ...base, dateLessThan: date }),
      );
    }
  });

  it('throws the same errors as the official package for bad input', () => {
    const base = { url: urls[0], keyPairId: keys.rsa.id, privateKey: keys.rsa.pem, dateLessThan };
    const bad: Record<string, unknown>[] = [
      { ipAddress: '10.0.0.0/' },
      { ipAddress: '/32' },
      { ipAddress: '10.0.0.0/-1' },
      { ipAddress: '10.0.0.0/33' },
      { ipAddress: '10.0.0.-1' },
      { ipAddress: '10.0.0.256' },
      { ipAddress: '10.0.0' },
      { dateLessThan: 'not a date' },
      { dateLessThan: undefined },
      { url: 'ftp://example.com/x' },
      { url: undefined },
    ];
    for (const change of bad) {
      const input = { ...base, ...change } as Parameters<typeof sdkGetSignedUrl>[0];
      const officialError = (() => {
        try {
          sdkGetSignedUrl(input);
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      })();
      assert.notEqual(officialError, 'no error', JSON.stringify(change));
      assert.throws(
        () => getSignedUrl(input as Parameters<typeof getSignedUrl>[0]),
        { message: officialError },
        JSON.stringify(change),
      );
    }
  });

  it('makes ECDSA signatures that verify as DER over the same policy bytes', () => {
    const input = {
      url: urls[0],
      keyPairId: keys.ecdsa.id,
      privateKey: keys.ecdsa.pem,
      dateLessThan,
      algorithm: 'SHA256' as const,
    };
    const ours = getSignedCookies(input);
    const official = sdkGetSignedCookies(input);
    const policy = Buffer.from(
      `{"Statement":[{"Resource":"${urls[0]}","Condition":{"DateLessThan":{"AWS:EpochTime":1777638601}}}]}`,
    );
    for (const cookies of [ours, official]) {
      const signature = decodeUrlSafeBase64(cookies['CloudFront-Signature']);
      assert.ok(signature);
      assert.ok(verify('sha256', policy, ec.publicKey, signature));
    }
  });
});

describe('the verifier denies altered official signatures with the right code', () => {
  const base = { url: urls[0], keyPairId: keys.rsa.id, privateKey: keys.rsa.pem, dateLessThan };
  const signed = sdkGetSignedUrl(base);
  const custom = sdkGetSignedUrl({
    ...base,
    dateGreaterThan: '2026-05-01T11:00:00Z',
    ipAddress: '10.1.0.0/16',
  });
  const cases: [string, string | SignedRequestInput, string][] = [
    ['tampered path', signed.replace('private.jpeg', 'public.jpeg'), 'AccessDenied'],
    [
      'tampered signature',
      signed.replace(/Signature=./, (m) => (m.endsWith('A') ? `${m.slice(0, -1)}B` : `${m.slice(0, -1)}A`)),
      'AccessDenied',
    ],
    ['expired', wireRequest(signed, { now: new Date('2026-05-01T12:30:01Z') }), 'AccessDenied'],
    ['not yet valid', wireRequest(custom, { now: new Date('2026-05-01T11:00:00Z') }), 'AccessDenied'],
    ['wrong IP', wireRequest(custom, { clientIp: '10.2.0.1' }), 'AccessDenied'],
    [
      'wrong key',
      wireRequest(signed, { trustedKeys: new Map([[keys.rsa.id, { id: keys.rsa.id, key: ec.publicKey }]]) }),
      'AccessDenied',
    ],
    ['unknown key', signed.replace(keys.rsa.id, 'KNOTTRUSTED000'), 'InvalidKey'],
    ['wrong hash algorithm', `${signed}&Hash-Algorithm=SHA256`, 'AccessDenied'],
    ['unsupported hash algorithm', `${signed}&Hash-Algorithm=MD5`, 'AccessDenied'],
    ['undecodable signature', signed.replace(/Signature=[^&]*/, 'Signature=%%%'), 'MalformedSignature'],
    ['no key id', signed.replace(/&Key-Pair-Id=[^&]*/, ''), 'MissingKey'],
    [
      'wrong resource (custom)',
      sdkGetSignedUrl({
        url: urls[0],
        keyPairId: keys.rsa.id,
        privateKey: keys.rsa.pem,
        policy: JSON.stringify({
          Statement: [
            {
              Resource: 'https://d111111abcdef8.cloudfront.net/other-content/*',
              Condition: { DateLessThan: { 'AWS:EpochTime': 1777638601 } },
            },
          ],
        }),
      }),
      'AccessDenied',
    ],
  ];
  for (const [name, request, code] of cases) {
    it(`denies ${name} with ${code}`, () => {
      const decision = verifySignedRequest(typeof request === 'string' ? wireRequest(request) : request);
      assert.equal(decision.kind, 'denied');
      assert.equal(decision.kind === 'denied' && decision.code, code, JSON.stringify(decision));
    });
  }
});

describe('the junlog cookies made by the official package', () => {
  const scenario = JSON.parse(
    readFileSync(new URL('../../examples/junlog/cookies.json', import.meta.url), 'utf8'),
  ) as {
    expiresInMs: number;
    basePath: string;
    cdnOrigin: string;
    keyPairId: string;
  };
  const issuedAt = new Date('2026-05-01T12:00:00Z');
  const cookies = sdkGetSignedCookies({
    url: `${scenario.cdnOrigin}/${scenario.basePath}/*`,
    keyPairId: scenario.keyPairId,
    privateKey: keys.rsa.pem,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${scenario.cdnOrigin}/${scenario.basePath}/*`,
          Condition: {
            DateLessThan: { 'AWS:EpochTime': Math.round((issuedAt.getTime() + scenario.expiresInMs) / 1000) },
          },
        },
      ],
    }),
  });
  const request = (path: string, at: Date) =>
    verifySignedRequest({
      scheme: 'https',
      host: new URL(scenario.cdnOrigin).host,
      rawPath: path,
      rawQuery: '',
      cookies: Object.fromEntries(Object.entries(cookies).map(([k, v]) => [k, String(v)])),
      clientIp,
      now: at,
      trustedKeys: new Map([[scenario.keyPairId, { id: scenario.keyPairId, key: rsa.publicKey }]]),
    });

  it('verify for /videos/course-1/master.m3u8 within the 100 s lifetime', () => {
    const decision = request('/videos/course-1/master.m3u8', new Date(issuedAt.getTime() + 99_000));
    assert.equal(decision.kind, 'allowed');
    assert.equal(decision.kind === 'allowed' && decision.via, 'cookie');
    assert.equal(decision.kind === 'allowed' && decision.policy, 'custom');
  });

  it('do not verify for /videos/course-2/x nor after 100 s', () => {
    const other = request('/videos/course-2/x', issuedAt);
    assert.equal(other.kind === 'denied' && other.code, 'AccessDenied');
    assert.match(
      other.kind === 'denied' ? other.detail : '',
      /Resource "https:\/\/dev.cloudfront.junlog.dev\/videos\/course-1\/\*" does not match/,
    );
    const late = request('/videos/course-1/master.m3u8', new Date(issuedAt.getTime() + 100_000));
    assert.equal(late.kind === 'denied' && late.code, 'AccessDenied');
  });
});
