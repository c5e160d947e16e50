// Hostile input found by independent runs, each against the real listeners of one Frontgate process: stored
// CORS that could break a bucket, XML nesting, the request-head limit on every edge listener, TLS pipelining,
// admin bodies, strict SigV4 parsing, DeleteObjects keys, S3-port parser refusals, HTTP/2 body and authority.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  type Answer,
  BUCKET,
  errorCode,
  type HostileStack,
  OPEN_HOST,
  startHostileStack,
} from '../support/hostile-stack.ts';

const md5 = (body: string) => createHash('md5').update(body).digest('base64');
const ORIGIN = 'https://app.hostile.test';

let stack: HostileStack;
const cleanups: (() => unknown)[] = [];
before(async () => {
  stack = await startHostileStack({ after: (fn) => cleanups.push(fn) });
  // The edge reads anonymously (no OAC here), so the object itself must be public-read.
  const put = await stack.s3('PUT', `/${BUCKET}/seed.txt`, {
    body: 'seed',
    headers: { 'x-amz-acl': 'public-read' },
  });
  assert.equal(put.status, 200);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

function assertS3Error(answer: Answer, status: number, code: string, label = ''): void {
  assert.equal(answer.hung, false, `${label} hung`);
  assert.equal(answer.status, status, `${label}: ${answer.status} ${answer.body.slice(0, 300)}`);
  assert.equal(errorCode(answer.body), code, `${label}: ${answer.body.slice(0, 300)}`);
}

const corsDoc = (rule: string) =>
  `<CORSConfiguration><CORSRule><AllowedOrigin>${ORIGIN}</AllowedOrigin><AllowedMethod>GET</AllowedMethod>${rule}</CORSRule></CORSConfiguration>`;

describe('stored CORS can never break the bucket', () => {
  test('PutBucketCors refuses values a header cannot carry and a negative MaxAgeSeconds', async () => {
    for (const [rule, code] of [
      ['<ExposeHeader>ETag&#13;&#10;X-Injected: 1</ExposeHeader>', 'InvalidRequest'],
      ['<AllowedHeader>x-a&#10;b</AllowedHeader>', 'InvalidRequest'],
      ['<ID>a&#13;b</ID>', 'InvalidRequest'],
      ['<MaxAgeSeconds>-5</MaxAgeSeconds>', 'MalformedXML'],
    ] as const) {
      const body = corsDoc(rule);
      const answer = await stack.s3('PUT', `/${BUCKET}`, {
        query: 'cors',
        body,
        headers: { 'content-md5': md5(body) },
      });
      assertS3Error(answer, 400, code, rule);
    }
    const origin = corsDoc('<AllowedOrigin>https://b.test&#13;&#10;x</AllowedOrigin>');
    const refused = await stack.s3('PUT', `/${BUCKET}`, {
      query: 'cors',
      body: origin,
      headers: { 'content-md5': md5(origin) },
    });
    assertS3Error(refused, 400, 'InvalidRequest', 'AllowedOrigin with CR/LF');
  });

  test('a bad value already stored is dropped from the answer, on the S3 port and through the edge', async () => {
    const good = (await stack.store.getBucket(BUCKET))?.cors;
    await stack.store.updateBucket(BUCKET, {
      cors: [
        {
          AllowedOrigins: [ORIGIN],
          AllowedMethods: ['GET'],
          AllowedHeaders: ['*'],
          ExposeHeaders: ['ETag\r\nX-Injected: 1'],
          MaxAgeSeconds: 60,
        },
      ],
    });
    try {
      const direct = await stack.http('http', 'GET', `/seed.txt`, { host: OPEN_HOST, origin: ORIGIN });
      assert.equal(direct.status, 200, direct.body);
      assert.equal(direct.body, 'seed');
      const s3 = await stack.s3('GET', `/${BUCKET}/seed.txt`, { headers: { origin: ORIGIN } });
      assert.equal(s3.status, 200);
      assert.equal(s3.body, 'seed');
      assert.equal(s3.headers['access-control-expose-headers'], undefined);
      assert.equal(s3.headers['x-injected'], undefined);
      assert.equal(s3.headers['access-control-allow-origin'], ORIGIN);
    } finally {
      await stack.store.updateBucket(BUCKET, { cors: good });
    }
  });
});

describe('every S3 XML body: nesting and parser failures are 400 MalformedXML', () => {
  const deep = (root: string, levels: number, closed: boolean) =>
    `<${root}>${'<a>'.repeat(levels)}${closed ? `${'</a>'.repeat(levels)}</${root}>` : ''}`;

  test('10,000 levels, closed or unclosed, in each XML-bodied operation', async () => {
    const upload = await stack.s3('POST', `/${BUCKET}/mpu.bin`, { query: 'uploads' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(upload.body)?.[1];
    assert.ok(uploadId, upload.body);
    // name, method, path, query, root element, body limit of the operation in bytes
    const operations: [string, string, string, string, string, number][] = [
      ['DeleteObjects', 'POST', `/${BUCKET}`, 'delete', 'Delete', 1024 * 1024],
      [
        'CompleteMultipartUpload',
        'POST',
        `/${BUCKET}/mpu.bin`,
        `uploadId=${uploadId}`,
        'CompleteMultipartUpload',
        1024 * 1024,
      ],
      ['CreateBucket', 'PUT', '/hostile-new-bucket', '', 'CreateBucketConfiguration', 64 * 1024],
      ['PutBucketVersioning', 'PUT', `/${BUCKET}`, 'versioning', 'VersioningConfiguration', 64 * 1024],
      ['PutObjectAcl', 'PUT', `/${BUCKET}/seed.txt`, 'acl', 'AccessControlPolicy', 64 * 1024],
      ['PutBucketAcl', 'PUT', `/${BUCKET}`, 'acl', 'AccessControlPolicy', 64 * 1024],
      ['PutBucketCors', 'PUT', `/${BUCKET}`, 'cors', 'CORSConfiguration', 64 * 1024],
    ];
    for (const [name, method, path, query, root, limit] of operations) {
      // 10,000 closed levels take 70 KB: over a 64 KiB limit they are refused for their size first.
      const closedLevels = Math.min(10_000, Math.floor((limit - 2 * root.length - 8) / 7));
      for (const [levels, closed] of [
        [10_000, false],
        [closedLevels, true],
      ] as const) {
        const body = deep(root, levels, closed);
        const answer = await stack.s3(method, path, { query, body, headers: { 'content-md5': md5(body) } });
        assertS3Error(answer, 400, 'MalformedXML', `${name} ${levels} ${closed ? 'closed' : 'unclosed'}`);
      }
      const oversized = deep(root, 10_000, true);
      const answer = await stack.s3(method, path, {
        query,
        body: oversized,
        headers: { 'content-md5': md5(oversized) },
      });
      assertS3Error(
        answer,
        400,
        limit < oversized.length ? 'MaxMessageLengthExceeded' : 'MalformedXML',
        `${name} 10,000 closed`,
      );
    }
  });

  test('DeleteObjects refuses a body that is not UTF-8 instead of deleting the U+FFFD look-alike key', async () => {
    const lookAlike = `/${BUCKET}/a%EF%BF%BD%EF%BF%BD`;
    assert.equal((await stack.s3('PUT', lookAlike, { body: 'keep me' })).status, 200);
    const body = Buffer.concat([
      Buffer.from('<Delete><Object><Key>a'),
      Buffer.from([0xff, 0xc0]),
      Buffer.from('</Key></Object></Delete>'),
    ]);
    const answer = await stack.s3('POST', `/${BUCKET}`, {
      query: 'delete',
      body,
      headers: { 'content-md5': createHash('md5').update(body).digest('base64') },
    });
    assertS3Error(answer, 400, 'MalformedXML', 'not UTF-8');
    const kept = await stack.s3('GET', lookAlike);
    assert.equal(kept.status, 200);
    assert.equal(kept.body, 'keep me');
  });

  test('DeleteObjects refuses keys XML 1.0 cannot carry and never echoes them', async () => {
    for (const key of ['a&#x0;b', '&#0;', '&#xD800;', 'x&#x1;']) {
      const body = `<Delete><Object><Key>${key}</Key></Object></Delete>`;
      const answer = await stack.s3('POST', `/${BUCKET}`, {
        query: 'delete',
        body,
        headers: { 'content-md5': md5(body) },
      });
      assertS3Error(answer, 400, 'MalformedXML', key);
      assert.doesNotMatch(answer.body, /&#x?0*[0-8];|&#x?0*1[0-9a-f];/i);
    }
  });
});

describe('one request-head limit on every edge listener', () => {
  const head = (bytes: number) => ({ host: OPEN_HOST, 'x-pad': 'p'.repeat(bytes) });

  test('18 KB heads are served and 25 KB heads get the 413 page on HTTP/1.1, HTTPS and HTTP/2', async () => {
    for (const [size, status] of [
      [18_000, 200],
      [25_000, 413],
    ] as const) {
      const lines = (transport: string) =>
        `GET /seed.txt HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nX-Pad: ${'p'.repeat(size)}\r\nConnection: close\r\n\r\n${transport}`;
      const plain = await stack.raw('http', lines(''));
      const tls = await stack.raw('https', lines(''));
      const h2 = await stack.h2({
        ':path': '/seed.txt',
        ':authority': OPEN_HOST,
        'x-pad': head(size)['x-pad'],
      });
      for (const [name, answer] of [
        ['http', plain],
        ['https', tls],
        ['h2', h2],
      ] as const) {
        assert.equal(answer.hung, false, name);
        assert.equal(answer.status, status, `${name} ${size}: ${answer.status} ${answer.error ?? ''}`);
        if (status === 413) {
          assert.equal(answer.headers['x-cache'], 'Error from cloudfront', name);
          assert.match(answer.body, /413 ERROR/, name);
        }
      }
    }
  });

  test('100 pipelined requests are all served on the TLS listener, as on the plain one', async () => {
    const one = `GET /seed.txt HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nX-Pad: ${'q'.repeat(400)}\r\n\r\n`;
    const last = `GET /seed.txt HTTP/1.1\r\nHost: ${OPEN_HOST}\r\nConnection: close\r\n\r\n`;
    for (const listener of ['http', 'https'] as const) {
      const answer = await stack.raw(listener, one.repeat(99) + last);
      assert.equal(answer.hung, false, listener);
      const statuses = [...answer.body.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
      assert.equal(answer.status, 200, listener);
      assert.deepEqual([...new Set(statuses)], ['200'], listener);
      assert.equal(statuses.length + 1, 100, listener);
    }
  });
});

describe('the admin listener answers malformed bodies with 400 and a clear message', () => {
  test('NUL bytes, null, arrays, scalars, wrong member types, bad path encoding', async () => {
    for (const [body, message] of [
      [Buffer.alloc(64), /not valid JSON/],
      ['null', /must be a JSON object, not null/],
      ['[]', /must be a JSON object, not an array/],
      ['42', /not a number/],
      ['"x"', /not a string/],
      [Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), /not UTF-8/],
      ['{"distributionId":5,"paths":["/a"]}', /distributionId is required and must be a string/],
      ['{"distributionId":"E1HOSTILEOPEN","paths":"/a"}', /At least one path/],
      ['{"distributionId":"E1HOSTILEOPEN","paths":[7]}', /must start with/],
      [
        '{"distributionId":"E1HOSTILEOPEN","paths":["/a"],"callerReference":7}',
        /callerReference must be a string/,
      ],
    ] as const) {
      const answer = await stack.http(
        'admin',
        'POST',
        '/invalidations',
        { 'content-type': 'application/json' },
        body,
      );
      assert.equal(answer.status, 400, `${String(body)}: ${answer.body}`);
      const parsed = JSON.parse(answer.body) as { Error: { Code: string; Message: string } };
      assert.match(parsed.Error.Message, message);
    }
    const badPath = await stack.http('admin', 'GET', '/invalidations/%E0%A4');
    assert.equal(badPath.status, 400, badPath.body);
  });
});

describe('SigV4 Authorization parsing is as strict as S3', () => {
  test('a second Authorization header, a duplicate Credential, unknown and reordered components', async () => {
    const tamper: [string, (signed: string) => string | string[]][] = [
      ['second Authorization header', (signed) => [signed, signed]],
      ['duplicate Credential', (signed) => signed.replace(/(Credential=[^,]+),/, '$1, $1,')],
      ['unknown component', (signed) => `${signed}, Extra=1`],
      [
        'reordered components',
        (signed) => {
          const [, rest] = signed.split('AWS4-HMAC-SHA256 ');
          const [credential, signedHeaders, signature] = rest.split(', ');
          return `AWS4-HMAC-SHA256 ${signature}, ${credential}, ${signedHeaders}`;
        },
      ],
    ];
    for (const [name, authorization] of tamper) {
      const answer = await stack.s3('GET', `/${BUCKET}/seed.txt`, { authorization });
      assertS3Error(answer, 400, 'AuthorizationHeaderMalformed', name);
      assert.match(answer.body, /the authorization component &quot;[^&]*&quot; is malformed\./, name);
    }
  });
});

describe('the S3 port answers parser refusals with S3 XML', () => {
  test('an oversized head is RequestHeaderSectionTooLarge; broken chunked framing is BadRequest', async () => {
    const big = await stack.raw(
      's3',
      `GET /${BUCKET}/seed.txt HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`,
    );
    assertS3Error(big, 400, 'RequestHeaderSectionTooLarge', 'oversized head');
    assert.equal(big.headers['content-type'], 'application/xml');
    const framing = await stack.raw(
      's3',
      `PUT /${BUCKET}/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    );
    assertS3Error(framing, 400, 'BadRequest', 'bad chunk size');
    assert.match(framing.body, /An error occurred when parsing the HTTP request\./);
  });
});

describe('HTTP/2 requests are held to the HTTP/1.1 rules (docs/decisions/edge-runtime-duplicate-host.md)', () => {
  test('a GET with a body is refused with 403 as on HTTP/1.1', async () => {
    const h1 = await stack.http(
      'http',
      'GET',
      '/seed.txt',
      { host: OPEN_HOST, 'content-length': '3' },
      'abc',
    );
    assert.equal(h1.status, 403);
    const h2 = await stack.h2({ ':method': 'GET', ':path': '/seed.txt', ':authority': OPEN_HOST }, 'abc');
    assert.equal(h2.status, 403, h2.error);
    const plain = await stack.h2({ ':method': 'GET', ':path': '/seed.txt', ':authority': OPEN_HOST });
    assert.equal(plain.status, 200, plain.error);
  });

  test('Host disagreeing with :authority is 400; agreeing (any case) is served', async () => {
    const conflict = await stack.h2({
      ':path': '/seed.txt',
      ':authority': OPEN_HOST,
      host: 'other.hostile.test',
    });
    assert.equal(conflict.status, 400, conflict.error);
    assert.equal(conflict.headers['x-cache'], 'Error from cloudfront');
    const same = await stack.h2({
      ':path': '/seed.txt',
      ':authority': OPEN_HOST,
      host: OPEN_HOST.toUpperCase(),
    });
    assert.equal(same.status, 200, same.error);
  });
});
