// A seeded generator of hostile requests for every listener of one Frontgate process: object keys, XML
// bodies, headers and framing, SigV4 fields, CloudFront signed cookies and policies, edge paths, admin bodies.
// The same seed gives the same corpus, so a failure names a case that can be replayed.

import { createHash } from 'node:crypto';
import { getSignedCookies } from '../../src/signer/cloudfront/index.ts';
import { encodeUrlSafeBase64 } from '../../src/signer/cloudfront/index.ts';
import {
  type Answer,
  BUCKET,
  type HostileStack,
  KEY_PAIR_ID,
  OPEN_HOST,
  SIGNED_HOST,
} from './hostile-stack.ts';

export type HostileCase = {
  readonly family: string;
  readonly name: string;
  readonly send: (stack: HostileStack) => Promise<Answer>;
};

/** mulberry32: small, fast, good enough to pick hostile inputs reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = {
  readonly int: (max: number) => number;
  readonly one: <T>(items: readonly T[]) => T;
  readonly bytes: (length: number) => Buffer;
};

function picker(random: () => number): Pick {
  const int = (max: number) => Math.floor(random() * max);
  return {
    int,
    one: (items) => items[int(items.length)],
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(256))),
  };
}

const md5 = (body: string | Buffer) => createHash('md5').update(body).digest('base64');

// Pieces of object keys as they travel in a request path (already percent-encoded where needed).
const KEY_PIECES = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F',
  '..%2F..%2F..%2Foutside%2Fpwned',
  '../../../outside/pwned',
  '%2e%2e/%2e%2e/%2e%2e/outside/pwned',
  '/',
  '//',
  '%00',
  '%2F',
  '%5C',
  '%C0%AF',
  '%FF',
  '%E0%A4',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%25',
  '%0D%0A',
  '%01',
  '%7F',
  'CON',
  'nul',
  ':',
  '*',
  '~',
  '+',
  '%20',
  'a'.repeat(300),
  '%zz',
  '%',
];

function generatedKeyPath(p: Pick): string {
  const parts = Array.from({ length: 1 + p.int(4) }, () => p.one(KEY_PIECES));
  return parts.join(p.one(['', '/', '-']));
}

function keyCases(p: Pick, count: number): HostileCase[] {
  const cases: HostileCase[] = [];
  const keys = [
    '../../../outside/pwned',
    '..%2F..%2F..%2Foutside%2Fpwned',
    '%2e%2e%2f%2e%2e%2f%2e%2e%2foutside%2fpwned',
    'k%00ey',
    '%ED%A0%80',
    'x'.repeat(1025),
    ...Array.from({ length: count }, () => generatedKeyPath(p)),
  ];
  for (const key of keys) {
    const path = `/${BUCKET}/${key}`;
    cases.push(
      { family: 'keys', name: `PUT ${key}`, send: (s) => s.s3('PUT', path, { body: 'hostile' }) },
      { family: 'keys', name: `GET ${key}`, send: (s) => s.s3('GET', path) },
      { family: 'keys', name: `HEAD ${key}`, send: (s) => s.s3('HEAD', path) },
      { family: 'keys', name: `DELETE ${key}`, send: (s) => s.s3('DELETE', path) },
      {
        family: 'keys',
        name: `edge GET /${key}`,
        send: (s) => s.raw('http', `GET /${key} HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nConnection: close\r\n\r\n`),
      },
      {
        family: 'keys',
        name: `h2 GET /${key}`,
        send: (s) => s.h2({ ':path': `/${key}`, ':authority': OPEN_HOST }),
      },
    );
  }
  return cases;
}

const XML_OPERATIONS: readonly [string, string, string, string][] = [
  ['Delete', 'POST', `/${BUCKET}`, 'delete'],
  ['CompleteMultipartUpload', 'POST', `/${BUCKET}/corpus-mpu.bin`, 'uploadId=UPLOAD_ID'],
  ['CreateBucketConfiguration', 'PUT', '/hostile-corpus-bucket', ''],
  ['VersioningConfiguration', 'PUT', `/${BUCKET}`, 'versioning'],
  ['AccessControlPolicy', 'PUT', `/${BUCKET}/seed.txt`, 'acl'],
  ['AccessControlPolicy', 'PUT', `/${BUCKET}`, 'acl'],
  ['CORSConfiguration', 'PUT', `/${BUCKET}`, 'cors'],
];

const VALID_INNER: Readonly<Record<string, string>> = {
  Delete: '<Object><Key>seed-copy.txt</Key></Object><Quiet>false</Quiet>',
  CompleteMultipartUpload: '<Part><PartNumber>1</PartNumber><ETag>"abc"</ETag></Part>',
  CreateBucketConfiguration: '<LocationConstraint>us-east-1</LocationConstraint>',
  VersioningConfiguration: '<Status>Suspended</Status>',
  AccessControlPolicy:
    '<Owner><ID>x</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>x</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>',
  CORSConfiguration:
    '<CORSRule><AllowedOrigin>https://app.hostile.test</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>',
};

const ENTITY_PIECES = [
  '&#x0;',
  '&#0;',
  '&#xD800;',
  '&#xFFFE;',
  '&#x110000;',
  '&#99999999999;',
  '&foo;',
  '&amp',
  '&#x1;',
  '&#13;&#10;',
];

function xmlBody(root: string, p: Pick): string | Buffer {
  const valid = `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${VALID_INNER[root]}</${root}>`;
  switch (p.int(12)) {
    case 0:
      return p.bytes(1 + p.int(400));
    case 1:
      return valid.slice(0, p.int(valid.length));
    case 2: {
      const at = valid.indexOf('</') > 0 ? valid.indexOf('</') : valid.length;
      return valid.slice(0, at) + p.one(ENTITY_PIECES) + valid.slice(at);
    }
    case 3:
      return `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><${root}>&b;</${root}>`;
    case 4: {
      const depth = 50 + p.int(20_000);
      return `<${root}>${'<x>'.repeat(depth)}${p.int(2) === 0 ? '</x>'.repeat(depth) + `</${root}>` : ''}`;
    }
    case 5:
      return `<${root} a="${'v'.repeat(50_000)}">${VALID_INNER[root]}</${root}>`;
    case 6:
      return `<${root}><![CDATA[${'<'.repeat(100)}]]>${VALID_INNER[root]}<?pi x?><!-- ${'-'.repeat(3)} --></${root}>`;
    case 7:
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]);
    case 8:
      return `<${root}>${VALID_INNER[root].repeat(1001)}</${root}>`;
    case 9:
      return valid.replace(
        /<(\/?)([A-Za-z]+)/g,
        (_m, slash: string, name: string) => `<${slash}p${p.int(3)}:${name}`,
      );
    case 10:
      return '';
    default:
      return `<${root}>${VALID_INNER[root].replace(/>[^<]+</g, () => `>${p.bytes(20).toString('latin1')}<`)}</${root}>`;
  }
}

function xmlCases(p: Pick, perOperation: number): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [root, method, path, query] of XML_OPERATIONS) {
    for (let i = 0; i < perOperation; i++) {
      const body = xmlBody(root, p);
      cases.push({
        family: 'xml',
        name: `${method} ${path}?${query} body #${i} (${typeof body === 'string' ? body.slice(0, 60) : `${body.length} bytes`})`,
        send: async (s) => {
          const resolved = query.includes('UPLOAD_ID')
            ? query.replace('UPLOAD_ID', await uploadIdFor(s, path))
            : query;
          return s.s3(method, path, { query: resolved, body, headers: { 'content-md5': md5(body) } });
        },
      });
    }
  }
  return cases;
}

async function uploadIdFor(stack: HostileStack, path: string): Promise<string> {
  const answer = await stack.s3('POST', path, { query: 'uploads' });
  return /<UploadId>([^<]+)<\/UploadId>/.exec(answer.body)?.[1] ?? 'none';
}

const HEADER_NAMES = [
  'Range',
  'If-Match',
  'If-None-Match',
  'If-Modified-Since',
  'If-Unmodified-Since',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-copy-source',
  'x-amz-copy-source-range',
  'x-amz-acl',
  'x-amz-checksum-crc32',
  'x-amz-meta-a',
  'Content-MD5',
  'Content-Type',
  'Cookie',
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
  'Accept-Encoding',
  'Expect',
  'X-Forwarded-For',
  'Authorization',
];

const HEADER_VALUES = [
  'bytes=-',
  'bytes=999999999999999999999-',
  'bytes=5-1',
  'bytes=0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0',
  '"',
  '*,*,*',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  'Sat, 31 Dec 275760 23:59:59 GMT',
  '20261305T256199Z',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  '-1',
  '18446744073709551616',
  `/${BUCKET}/../../outside/pwned`,
  '/%00/%00',
  'CloudFront-Policy=; CloudFront-Signature=; CloudFront-Key-Pair-Id=',
  'null',
  '100-continue',
  'gzip;q=2, br;q=-1, *;q=NaN',
  '999.999.999.999, ::ffff:1.2.3.4',
];

function headerCases(p: Pick, count: number): HostileCase[] {
  const cases: HostileCase[] = [];
  const listeners = ['s3', 'http', 'https'] as const;
  for (let i = 0; i < count; i++) {
    const listener = p.one(listeners);
    const host = listener === 's3' ? 'localhost' : p.one([OPEN_HOST, SIGNED_HOST, 'unknown.hostile.test']);
    const method = p.one(['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'BREW']);
    const path = listener === 's3' ? `/${BUCKET}/seed.txt` : '/seed.txt';
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`];
    for (let h = 0; h < 1 + p.int(4); h++) {
      const value =
        p.int(4) === 0
          ? p
              .bytes(1 + p.int(40))
              .toString('latin1')
              .replace(/[\r\n\0]/g, '')
          : p.one(HEADER_VALUES);
      lines.push(`${p.one(HEADER_NAMES)}: ${value}`);
    }
    const framing = p.int(8);
    switch (framing) {
      case 0:
        lines.push('Content-Length: 5', 'Transfer-Encoding: chunked');
        break;
      case 1:
        lines.push('Content-Length: 5', 'Content-Length: 6');
        break;
      case 2:
        lines.push(`Host: other.hostile.test`);
        break;
      case 3:
        lines.push(`X-Pad: ${'p'.repeat(10_000 + p.int(20_000))}`);
        break;
      case 4:
        for (let n = 0; n < 300; n++) lines.push(`X-Many-${n}: ${n}`);
        break;
      case 5:
        lines.push('Transfer-Encoding: chunked');
        break;
      default:
        break;
    }
    // Every request is complete as sent (a chunked body always ends, malformed or not): a body that never
    // arrives is a slow client, which the server rightly waits for, not hostile input.
    const bodyKind = framing === 5 ? p.int(2) : p.int(4);
    const body =
      bodyKind === 0
        ? 'zz\r\nabc\r\n0\r\n\r\n'
        : bodyKind === 1
          ? '5\r\nhello\r\n0\r\n\r\n'
          : bodyKind === 2
            ? 'hello'
            : '';
    const request = `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`;
    cases.push({
      family: 'headers',
      name: `${listener} ${request.slice(0, 120).replace(/\r\n/g, ' | ')}`,
      send: (s) => s.raw(listener, request),
    });
  }
  // Bytes that are not HTTP at all, and a request line with a bare LF.
  for (const listener of ['s3', 'http', 'https', 'admin'] as const) {
    const junk = p.bytes(200);
    cases.push(
      { family: 'headers', name: `${listener} random bytes`, send: (s) => s.raw(listener, junk) },
      {
        family: 'headers',
        name: `${listener} bare LF head`,
        send: (s) => s.raw(listener, 'GET / HTTP/1.1\nHost: a\n\n'),
      },
    );
  }
  return cases;
}

function sigv4Cases(p: Pick, count: number): HostileCase[] {
  const cases: HostileCase[] = [];
  const mutations: ((signed: string) => string | string[])[] = [
    (s) => s.slice(0, p.int(s.length)),
    (s) => s.replace('Credential=', 'Credential=/'),
    (s) =>
      s.replace(
        /Credential=[^,]+/,
        'Credential=AKIAHOSTILETEST0001/20260101/us-east-1/s3/aws4_request/extra',
      ),
    (s) => s.replace(/Credential=[^/]+/, 'Credential=AKIA%00'),
    (s) => s.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=host;;;'),
    (s) => s.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=HOST;X-AMZ-DATE'),
    (s) => s.replace(/Signature=\w+/, `Signature=${'g'.repeat(64)}`),
    (s) => s.replace(/Signature=\w+/, `Signature=${'0'.repeat(1000)}`),
    (s) => s.replace(/, /g, ','),
    (s) => s.replace(/, /g, ' , '),
    (s) => s.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256'),
    (s) => `${s},`,
    (s) => [s, s.replace(/Signature=\w+/, 'Signature=00')],
    (s) => s.replace(/20\d{6}/, '99999999'),
    (s) => s.replace('us-east-1', 'us-east-1\u00e9'),
    (s) => `${s}, Credential=${s.split('Credential=')[1]?.split(',')[0] ?? ''}`,
  ];
  for (let i = 0; i < count; i++) {
    const mutate = p.one(mutations);
    cases.push({
      family: 'sigv4',
      name: `Authorization mutation #${i}`,
      send: (s) => s.s3('GET', `/${BUCKET}/seed.txt`, { authorization: mutate }),
    });
  }
  const presignParams = [
    'X-Amz-Expires=-1',
    'X-Amz-Expires=999999999999',
    'X-Amz-Expires=abc',
    'X-Amz-Date=2026',
    'X-Amz-Date=99991399T999999Z',
    'X-Amz-Credential=%00%2F%2F%2F',
    'X-Amz-Credential=AKIAHOSTILETEST0001%2F20260101%2Fus-east-1%2Fs3%2Faws4_request',
    'X-Amz-SignedHeaders=host%3B%3B',
    'X-Amz-Signature=zz',
    'X-Amz-Algorithm=AWS4-HMAC-SHA512',
    'X-Amz-Security-Token=%FF%FE',
    'AWSAccessKeyId=x&Signature=y&Expires=1',
  ];
  for (let i = 0; i < count; i++) {
    const query = Array.from({ length: 1 + p.int(5) }, () => p.one(presignParams)).join('&');
    cases.push({
      family: 'sigv4',
      name: `presigned query ${query}`,
      send: (s) => s.s3('GET', `/${BUCKET}/seed.txt`, { anonymous: true, query }),
    });
  }
  return cases;
}

function policyJson(p: Pick): string {
  const choices = [
    () => '{}',
    () => 'null',
    () => '[]',
    () => JSON.stringify({ Statement: 'x' }),
    () =>
      JSON.stringify({
        Statement: [
          { Resource: `https://${SIGNED_HOST}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': 'soon' } } },
        ],
      }),
    () => JSON.stringify({ Statement: [{ Resource: 7, Condition: null }] }),
    () =>
      JSON.stringify({
        Statement: [
          { Resource: `https://${SIGNED_HOST}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': 1e308 } } },
        ],
      }),
    () =>
      JSON.stringify({
        Statement: [
          { Resource: '*'.repeat(5000), Condition: { IpAddress: { 'AWS:SourceIp': '999.1.1.1/99' } } },
        ],
      }),
    () => `${'['.repeat(50_000)}`,
    () => JSON.stringify({ Statement: Array.from({ length: 300 }, () => ({ Resource: '*' })) }),
    () => p.bytes(60).toString('latin1'),
  ];
  return p.one(choices)();
}

function signedCookieCases(p: Pick, count: number, privateKey: () => string): HostileCase[] {
  const cases: HostileCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = p.int(4);
    const policy = encodeUrlSafeBase64(Buffer.from(policyJson(p), 'latin1'));
    const signature = p.one(['', 'x', encodeUrlSafeBase64(p.bytes(256)), '~~~~', '%00']);
    const keyPairId = p.one([KEY_PAIR_ID, '', 'KUNKNOWN', 'K'.repeat(500), `${KEY_PAIR_ID}\u00e9`]);
    const expires = p.one(['', '-1', '99999999999999999999', 'abc', '1.5', '0']);
    const name = `signed access #${i} kind ${kind}`;
    if (kind === 0) {
      cases.push({
        family: 'signed',
        name: `${name} (cookies)`,
        send: (s) =>
          s.h2({
            ':path': '/seed.txt',
            ':authority': SIGNED_HOST,
            cookie: `CloudFront-Policy=${policy}; CloudFront-Signature=${signature}; CloudFront-Key-Pair-Id=${keyPairId}; CloudFront-Expires=${expires}`,
          }),
      });
    } else if (kind === 1) {
      const query = `Policy=${policy}&Signature=${encodeURIComponent(signature)}&Key-Pair-Id=${encodeURIComponent(keyPairId)}&Expires=${expires}`;
      cases.push({
        family: 'signed',
        name: `${name} (query)`,
        send: (s) =>
          s.raw(
            'https',
            `GET /seed.txt?${query} HTTP/1.1\r\nHost: ${SIGNED_HOST}\r\nConnection: close\r\n\r\n`,
          ),
      });
    } else {
      // A valid cookie set with one byte changed somewhere.
      cases.push({
        family: 'signed',
        name: `${name} (tampered valid cookies)`,
        send: (s) => {
          const cookies = getSignedCookies({
            url: `https://${SIGNED_HOST}/*`,
            keyPairId: KEY_PAIR_ID,
            privateKey: privateKey(),
            dateLessThan: new Date(Date.now() + 3_600_000).toISOString(),
          }) as Record<string, string | number>;
          const names = Object.keys(cookies);
          const target = names[i % names.length];
          const value = String(cookies[target]);
          const at = i % Math.max(1, value.length);
          cookies[target] = value.slice(0, at) + p.one(['A', '-', '~', '_', '=', '%']) + value.slice(at + 1);
          const header = Object.entries(cookies)
            .map(([k, v]) => `${k}=${v}`)
            .join('; ');
          return s.h2({ ':path': '/seed.txt', ':authority': SIGNED_HOST, cookie: header });
        },
      });
    }
  }
  return cases;
}

const EDGE_TARGETS = [
  '*',
  `http://${OPEN_HOST}/seed.txt`,
  '/%',
  '/%00',
  '/..%2f..%2f..%2foutside',
  `/${'x'.repeat(9000)}`,
  `/seed.txt?${'q='.repeat(4000)}`,
  '//seed.txt',
  '/seed.txt#frag',
  '/\u00ff\u00fe',
  '/seed.txt?a=%ZZ&b=%00&c=%C0%AF',
  'seed.txt',
  '/./././seed.txt',
  '/seed.txt;param',
];

function pathCases(p: Pick, count: number): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const target of EDGE_TARGETS) {
    for (const listener of ['http', 'https'] as const) {
      cases.push({
        family: 'paths',
        name: `${listener} ${target.slice(0, 80)}`,
        send: (s) =>
          s.raw(
            listener,
            Buffer.from(
              `GET ${target} HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nConnection: close\r\n\r\n`,
              'latin1',
            ),
          ),
      });
    }
    if (/^[\x21-\x7e]+$/.test(target) && target.startsWith('/')) {
      cases.push({
        family: 'paths',
        name: `h2 ${target.slice(0, 80)}`,
        send: (s) => s.h2({ ':path': target, ':authority': OPEN_HOST }),
      });
    }
  }
  for (let i = 0; i < count; i++) {
    const method = p.one(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT', 'POST', 'PATCH']);
    const target = `/${generatedKeyPath(p)}`;
    cases.push({
      family: 'paths',
      name: `h2 ${method} ${target.slice(0, 80)}`,
      send: (s) =>
        s.h2({ ':method': method, ':path': target, ':authority': p.one([OPEN_HOST, SIGNED_HOST]) }),
    });
  }
  return cases;
}

function adminCases(p: Pick, count: number): HostileCase[] {
  const bodies: (string | Buffer)[] = [
    Buffer.alloc(32),
    'null',
    '[]',
    '[{"distributionId":"E1HOSTILEOPEN"}]',
    '{"distributionId":null}',
    '{"distributionId":"E1HOSTILEOPEN","paths":null}',
    '{"distributionId":"E1HOSTILEOPEN","paths":{"Items":["/a"]}}',
    '{"distributionId":"E1HOSTILEOPEN","paths":["/a","/b*","/*"],"callerReference":{}}',
    '{"distributionId":"NOSUCH","paths":["/a"]}',
    `{"distributionId":"E1HOSTILEOPEN","paths":[${'"/a",'.repeat(3500)}"/b"]}`,
    `${'['.repeat(100_000)}`,
    '{"__proto__":{"polluted":1},"distributionId":"E1HOSTILEOPEN","paths":["/x"]}',
    '',
  ];
  const cases: HostileCase[] = bodies.map((body, i) => ({
    family: 'admin',
    name: `POST /invalidations body #${i}`,
    send: (s) => s.http('admin', 'POST', '/invalidations', { 'content-type': 'application/json' }, body),
  }));
  const paths = [
    '/invalidations/%E0',
    '/invalidations/E1HOSTILEOPEN/%',
    '/traces/%00',
    '/distributions/x',
    '/%%',
    '/../../etc',
  ];
  for (const path of paths) {
    cases.push({ family: 'admin', name: `GET ${path}`, send: (s) => s.http('admin', 'GET', path) });
  }
  for (let i = 0; i < count; i++) {
    const body =
      p.int(2) === 0
        ? p.bytes(1 + p.int(100))
        : JSON.stringify({
            distributionId: p.bytes(5).toString('latin1'),
            paths: [p.bytes(8).toString('latin1')],
          });
    cases.push({
      family: 'admin',
      name: `POST /invalidations generated #${i}`,
      send: (s) => s.http('admin', 'POST', '/invalidations', {}, body),
    });
  }
  return cases;
}

const deepXml = (root: string, closed: boolean) =>
  `<${root}>${'<a>'.repeat(10_000)}${closed ? `${'</a>'.repeat(10_000)}</${root}>` : ''}`;

/** The inputs of the hostile-input reports, verbatim (their exact answers are asserted in hostile-regressions). */
function reportedCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const cors = (rule: string) =>
    `<CORSConfiguration><CORSRule><AllowedOrigin>https://a.test</AllowedOrigin><AllowedMethod>GET</AllowedMethod>${rule}</CORSRule></CORSConfiguration>`;
  for (const rule of [
    '<ExposeHeader>ETag&#13;&#10;X-Injected: 1</ExposeHeader>',
    '<AllowedHeader>a&#10;b</AllowedHeader>',
    '<ID>a&#13;b</ID>',
    '<MaxAgeSeconds>-5</MaxAgeSeconds>',
  ]) {
    const body = cors(rule);
    cases.push({
      family: 'reported',
      name: `PutBucketCors ${rule}`,
      send: (s) => s.s3('PUT', `/${BUCKET}`, { query: 'cors', body, headers: { 'content-md5': md5(body) } }),
    });
  }
  for (const [root, method, path, query] of XML_OPERATIONS) {
    for (const closed of [true, false]) {
      const body = deepXml(root, closed);
      cases.push({
        family: 'reported',
        name: `${method} ${path}?${query} 10,000 levels ${closed ? 'closed' : 'unclosed'}`,
        send: async (s) => {
          const resolved = query.includes('UPLOAD_ID')
            ? query.replace('UPLOAD_ID', await uploadIdFor(s, path))
            : query;
          return s.s3(method, path, { query: resolved, body, headers: { 'content-md5': md5(body) } });
        },
      });
    }
  }
  const deleteNul = '<Delete><Object><Key>a&#x0;b</Key></Object></Delete>';
  cases.push({
    family: 'reported',
    name: 'DeleteObjects key &#x0;',
    send: (s) =>
      s.s3('POST', `/${BUCKET}`, {
        query: 'delete',
        body: deleteNul,
        headers: { 'content-md5': md5(deleteNul) },
      }),
  });
  for (const size of [18_000, 25_000, 70_000]) {
    const head = `GET /seed.txt HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nX-Pad: ${'p'.repeat(size)}\r\nConnection: close\r\n\r\n`;
    cases.push(
      { family: 'reported', name: `http head ${size}`, send: (s) => s.raw('http', head) },
      { family: 'reported', name: `https head ${size}`, send: (s) => s.raw('https', head) },
      {
        family: 'reported',
        name: `h2 head ${size}`,
        send: (s) => s.h2({ ':path': '/seed.txt', ':authority': OPEN_HOST, 'x-pad': 'p'.repeat(size) }),
      },
      {
        family: 'reported',
        name: `s3 head ${size}`,
        send: (s) =>
          s.raw('s3', `GET /${BUCKET}/seed.txt HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(size)}\r\n\r\n`),
      },
    );
  }
  const pipelined =
    `GET /seed.txt HTTP/1.1\r\nHost: ${OPEN_HOST}\r\n\r\n`.repeat(99) +
    `GET /seed.txt HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nConnection: close\r\n\r\n`;
  cases.push(
    { family: 'reported', name: '100 pipelined on TLS', send: (s) => s.raw('https', pipelined) },
    { family: 'reported', name: '100 pipelined on plain', send: (s) => s.raw('http', pipelined) },
  );
  for (const body of [Buffer.alloc(16), 'null', '[]', '"x"', '{"distributionId":1}']) {
    cases.push({
      family: 'reported',
      name: `admin body ${JSON.stringify(body.toString())}`,
      send: (s) => s.http('admin', 'POST', '/invalidations', {}, body),
    });
  }
  const sigv4: [string, (signed: string) => string | string[]][] = [
    ['two Authorization headers', (a) => [a, a]],
    ['duplicate Credential', (a) => a.replace(/(Credential=[^,]+),/, '$1, $1,')],
    ['unknown component', (a) => `${a}, Extra=1`],
    [
      'reordered',
      (a) => a.replace(/Credential=([^,]+), SignedHeaders=([^,]+)/, 'SignedHeaders=$2, Credential=$1'),
    ],
  ];
  for (const [name, authorization] of sigv4) {
    cases.push({
      family: 'reported',
      name: `SigV4 ${name}`,
      send: (s) => s.s3('GET', `/${BUCKET}/seed.txt`, { authorization }),
    });
  }
  cases.push(
    {
      family: 'reported',
      name: 's3 broken chunked framing',
      send: (s) =>
        s.raw('s3', `PUT /${BUCKET}/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`),
    },
    {
      family: 'reported',
      name: 'h2 GET with a body',
      send: (s) => s.h2({ ':method': 'GET', ':path': '/seed.txt', ':authority': OPEN_HOST }, 'abc'),
    },
    {
      family: 'reported',
      name: 'h2 Host disagreeing with :authority',
      send: (s) => s.h2({ ':path': '/seed.txt', ':authority': OPEN_HOST, host: 'other.hostile.test' }),
    },
  );
  return cases;
}

/** The whole corpus for one seed, in a fixed order. */
export function generateHostileCorpus(seed: number, privateKey: () => string): HostileCase[] {
  const p = picker(seededRandom(seed));
  return [
    ...reportedCases(),
    ...keyCases(p, 24),
    ...xmlCases(p, 10),
    ...headerCases(p, 60),
    ...sigv4Cases(p, 24),
    ...signedCookieCases(p, 36, privateKey),
    ...pathCases(p, 24),
    ...adminCases(p, 16),
  ];
}
