import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  createSigningKeyCache,
  parseAmzDate,
  presignSigV4Url,
  SigV4Error,
  type SigV4Request,
  signRequestSigV4,
  type VerifySigV4Options,
  verifySigV4Request,
} from './index.ts';

/** node:crypto behind the SDK's hash-constructor interface (the SDK's own is not installed). */
class NodeSha256 {
  readonly #hash;
  constructor(secret?: Uint8Array | string) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: Uint8Array | string): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {}
}

const accessKeyId = `AKID${randomBytes(6).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');
const credentials = { accessKeyId, secretAccessKey };
const now = new Date('2026-03-04T05:06:07Z');
const host = 'frontgate.test:8443';

function options(overrides: Partial<VerifySigV4Options> = {}): VerifySigV4Options {
  return {
    lookupSecret: (id) => (id === accessKeyId ? secretAccessKey : undefined),
    now,
    service: 's3',
    ...overrides,
  };
}

/** What the S3 SDK puts on the wire for a key: each segment URI-encoded (RFC 3986), `/` kept. */
function wireEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
function wirePath(bucket: string, key: string): string {
  return `/${bucket}/${key.split('/').map(wireEncode).join('/')}`;
}
function wireQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([n, v]) => `${wireEncode(n)}=${wireEncode(v)}`)
    .join('&');
}

const sdkSigner = new SignatureV4({
  credentials,
  region: 'eu-west-3',
  service: 's3',
  sha256: NodeSha256 as unknown as ConstructorParameters<typeof SignatureV4>[0]['sha256'],
  uriEscapePath: false,
});

async function sdkSigned(
  method: string,
  rawPath: string,
  query: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<SigV4Request> {
  const signed = await sdkSigner.sign(
    {
      method,
      protocol: 'https:',
      hostname: 'frontgate.test',
      port: 8443,
      path: rawPath,
      query,
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
    },
    { signingDate: now },
  );
  return { method, rawPath, rawQuery: wireQuery(query), headers: signed.headers as Record<string, string> };
}

async function sdkPresigned(method: string, rawPath: string, query: Record<string, string>, expiresIn = 900) {
  const presigned = await sdkSigner.presign(
    {
      method,
      protocol: 'https:',
      hostname: 'frontgate.test',
      port: 8443,
      path: rawPath,
      query,
      // As @aws-sdk/s3-request-presigner prepares it; the signer hoists it into the query.
      headers: { host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    },
    { signingDate: now, expiresIn },
  );
  return {
    method,
    rawPath,
    rawQuery: wireQuery(presigned.query as Record<string, string>),
    headers: { host },
  };
}

function expectSigV4Error(fn: () => unknown, code: string, message?: RegExp | string): SigV4Error {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SigV4Error, `expected SigV4Error ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

const TRICKY_KEYS = [
  'plain.txt',
  'with space/and+plus',
  'percent%25literal %',
  'unicode/日本語/ümlaut/🎉',
  'double//slash',
  'dots/../and/./here',
  'trailing/',
  "specials!'()*~$&,;=@:",
  'question?hash#',
];

describe('verifySigV4Request with the AWS SDK signer as oracle', () => {
  for (const key of TRICKY_KEYS) {
    it(`accepts an SDK header-signed request for key ${JSON.stringify(key)}`, async () => {
      const request = await sdkSigned('PUT', wirePath('bucket', key), { 'x-id': 'PutObject' });
      const verdict = verifySigV4Request(request, options());
      assert.equal(verdict.kind, 'authenticated');
      assert.equal(verdict.kind === 'authenticated' && verdict.accessKeyId, accessKeyId);
      assert.equal(verdict.kind === 'authenticated' && verdict.region, 'eu-west-3');
    });

    it(`accepts an SDK presigned URL for key ${JSON.stringify(key)} and signs identically`, async () => {
      const request = await sdkPresigned('GET', wirePath('bucket', key), {
        'response-content-type': 'a b+c',
      });
      const verdict = verifySigV4Request(request, options());
      assert.equal(verdict.kind === 'authenticated' && verdict.form, 'presigned');
      const mine = presignSigV4Url({
        method: 'GET',
        host,
        rawPath: request.rawPath,
        rawQuery: wireQuery({ 'response-content-type': 'a b+c' }),
        credentials,
        region: 'eu-west-3',
        service: 's3',
        now,
        expiresSeconds: 900,
      });
      assert.equal(mine.signature, new URLSearchParams(request.rawQuery).get('X-Amz-Signature'));
    });
  }

  it('produces the same Authorization header as the SDK for header signing', async () => {
    const query = { prefix: 'a b/ü', delimiter: '/', 'list-type': '2', empty: '' };
    const headers = { 'x-amz-meta-note': '  two   spaces  ', 'content-type': 'text/plain' };
    const request = await sdkSigned('GET', '/bucket', query, headers);
    const mine = signRequestSigV4({
      method: 'GET',
      host,
      rawPath: '/bucket',
      rawQuery: wireQuery(query),
      headers,
      payloadHash: 'UNSIGNED-PAYLOAD',
      credentials,
      region: 'eu-west-3',
      service: 's3',
      now,
    });
    assert.equal(mine.headers.authorization, request.headers.authorization);
    assert.equal(verifySigV4Request(request, options()).kind, 'authenticated');
  });

  it('verifies what the real S3Client sends (GET, ListObjectsV2 and a streaming PUT)', async () => {
    const captured: Array<{
      method: string;
      path: string;
      query: Record<string, string>;
      headers: Record<string, string>;
    }> = [];
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
      requestHandler: {
        handle: async (request: (typeof captured)[number]) => {
          captured.push(request);
          throw new Error('captured, not sent');
        },
      },
    });
    const commands = [
      new GetObjectCommand({ Bucket: 'bucket', Key: 'dir/ünï cödé+1.txt', Range: 'bytes=0-9' }),
      new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'a b', Delimiter: '/' }),
      new PutObjectCommand({
        Bucket: 'bucket',
        Key: 'stream',
        Body: Readable.from([Buffer.alloc(10, 1)]),
        ContentLength: 10,
      }),
    ];
    for (const command of commands) {
      await assert.rejects(client.send(command as Parameters<typeof client.send>[0]), /captured/);
    }
    assert.equal(captured.length, 3);
    for (const request of captured) {
      const requestNow = parseAmzDate(request.headers['x-amz-date']);
      assert.ok(requestNow);
      const verdict = verifySigV4Request(
        {
          method: request.method,
          rawPath: request.path,
          rawQuery: wireQuery(request.query),
          headers: request.headers,
        },
        options({ now: requestNow, expectedRegion: 'us-east-1' }),
      );
      assert.equal(verdict.kind, 'authenticated', request.path);
    }
    const put = verifySigV4Request(
      {
        method: 'PUT',
        rawPath: captured[2].path,
        rawQuery: wireQuery(captured[2].query),
        headers: captured[2].headers,
      },
      options({ now: parseAmzDate(captured[2].headers['x-amz-date']) }),
    );
    assert.deepEqual(put.payload, {
      kind: 'streaming-unsigned-trailer',
      decodedContentLength: 10,
      trailerNames: ['x-amz-checksum-crc32'],
    });
  });

  it('verifies a URL from @aws-sdk/s3-request-presigner taken apart without URL normalisation', async () => {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: 'https://frontgate.test',
      forcePathStyle: true,
      credentials,
    });
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'bucket', Key: 'a/../b c%.txt' }), {
      expiresIn: 60,
      signingDate: now,
    });
    const afterHost = url.slice('https://frontgate.test'.length);
    const [rawPath, rawQuery] = afterHost.split('?');
    const verdict = verifySigV4Request(
      { method: 'GET', rawPath, rawQuery, headers: { host: 'frontgate.test' } },
      options(),
    );
    assert.equal(verdict.kind === 'authenticated' && verdict.form, 'presigned');
    assert.equal(
      verdict.kind === 'authenticated' && verdict.expiresAt?.toISOString(),
      '2026-03-04T05:07:07.000Z',
    );
  });
});

describe('verifySigV4Request and raw UTF-8 header bytes', () => {
  it('a header signed as UTF-8 verifies when Node hands its bytes over as a latin1 string, as on the wire', async () => {
    const value = 'ÄMÄZÕÑ S3';
    const signed = await sdkSigned('PUT', '/bucket/meta.txt', {}, { 'x-amz-meta-name': value });
    // What node:http puts in IncomingMessage.headers for the UTF-8 bytes a client like curl sends.
    const onTheWire = Buffer.from(value, 'utf8').toString('latin1');
    const headers = { ...(signed.headers as Record<string, string>), 'x-amz-meta-name': onTheWire };
    const result = verifySigV4Request({ ...signed, headers }, options());
    assert.equal(result.kind, 'authenticated');
    const altered = { ...headers, 'x-amz-meta-name': Buffer.from('ÄMÄZÕÑ S4', 'utf8').toString('latin1') };
    expectSigV4Error(
      () => verifySigV4Request({ ...signed, headers: altered }, options()),
      'SignatureDoesNotMatch',
    );
  });
});

describe('verifySigV4Request rejects tampered requests', () => {
  const tamperings: Array<[string, (r: SigV4Request) => SigV4Request]> = [
    ['the method', (r) => ({ ...r, method: 'DELETE' })],
    ['the path', (r) => ({ ...r, rawPath: `${r.rawPath}x` })],
    ['an encoded slash in the path', (r) => ({ ...r, rawPath: r.rawPath.replace('/k', '%2Fk') })],
    ['the query', (r) => ({ ...r, rawQuery: `${r.rawQuery}&extra=1` })],
    ['a signed header', (r) => ({ ...r, headers: { ...r.headers, host: 'evil.test' } })],
    ['the date', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '20260304T050608Z' } })],
    [
      'the payload hash',
      (r) => ({ ...r, headers: { ...r.headers, 'x-amz-content-sha256': 'a'.repeat(64) } }),
    ],
  ];
  for (const [what, tamper] of tamperings) {
    it(`answers SignatureDoesNotMatch when ${what} changed`, async () => {
      const request = await sdkSigned('GET', '/bucket/k', { a: '1' });
      assert.equal(verifySigV4Request(request, options()).kind, 'authenticated');
      const error = expectSigV4Error(
        () => verifySigV4Request(tamper(request), options()),
        'SignatureDoesNotMatch',
      );
      assert.equal(error.statusCode, 403);
      assert.deepEqual(
        error.fields.map(([name]) => name),
        [
          'AWSAccessKeyId',
          'StringToSign',
          'SignatureProvided',
          'StringToSignBytes',
          'CanonicalRequest',
          'CanonicalRequestBytes',
        ],
      );
      const fields = new Map(error.fields);
      assert.match(
        fields.get('StringToSign') ?? '',
        /^AWS4-HMAC-SHA256\n20260304T05060[78]Z\n20260304\/eu-west-3\/s3\/aws4_request\n[0-9a-f]{64}$/,
      );
      assert.equal(fields.get('StringToSignBytes')?.slice(0, 11), '41 57 53 34');
    });
  }

  it('answers SignatureDoesNotMatch for a wrong secret and for a tampered presigned query', async () => {
    const request = await sdkSigned('GET', '/bucket/k', {});
    expectSigV4Error(
      () => verifySigV4Request(request, options({ lookupSecret: () => 'other' })),
      'SignatureDoesNotMatch',
    );
    const presigned = await sdkPresigned('GET', '/bucket/k', { versionId: '1' });
    const tampered = { ...presigned, rawQuery: presigned.rawQuery.replace('versionId=1', 'versionId=2') };
    expectSigV4Error(() => verifySigV4Request(tampered, options()), 'SignatureDoesNotMatch');
  });

  it('refuses x-amz-* headers that were added after signing', async () => {
    const request = await sdkSigned('PUT', '/bucket/k', {});
    const error = expectSigV4Error(
      () =>
        verifySigV4Request(
          { ...request, headers: { ...request.headers, 'x-amz-meta-late': '1' } },
          options(),
        ),
      'AccessDenied',
      'There were headers present in the request which were not signed',
    );
    assert.deepEqual(error.fields, [['HeadersNotSigned', 'x-amz-meta-late']]);
    const viaCloudFront = { ...request, headers: { ...request.headers, 'x-amz-cf-id': 'abc==' } };
    assert.equal(verifySigV4Request(viaCloudFront, options()).kind, 'authenticated');
  });

  it('dates a request by the HTTP Date header when x-amz-date is absent', () => {
    const date = 'Wed, 04 Mar 2026 05:06:07 GMT';
    const authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260304/eu-west-3/s3/aws4_request, SignedHeaders=date;host;x-amz-content-sha256, Signature=${'0'.repeat(64)}`;
    const headers = { host, date, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', authorization };
    const error = expectSigV4Error(
      () => verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers }, options()),
      'SignatureDoesNotMatch',
    );
    const fields = new Map(error.fields);
    assert.match(fields.get('CanonicalRequest') ?? '', /^date:Wed, 04 Mar 2026 05:06:07 GMT$/m);
    assert.match(fields.get('StringToSign') ?? '', /^AWS4-HMAC-SHA256\n20260304T050607Z\n/);
    expectSigV4Error(
      () =>
        verifySigV4Request(
          { method: 'GET', rawPath: '/b/k', headers: { ...headers, date: 'yesterday' } },
          options(),
        ),
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  });

  it('accepts a request dated by the HTTP Date header instead of x-amz-date', () => {
    const date = 'Wed, 04 Mar 2026 05:06:07 GMT';
    const signed = signRequestSigV4({
      method: 'GET',
      host,
      rawPath: '/b/k',
      headers: { date },
      payloadHash: 'UNSIGNED-PAYLOAD',
      credentials,
      region: 'eu-west-3',
      service: 's3',
      now,
    });
    // Re-sign without x-amz-date: the timestamp then comes from Date (same instant, same string to sign).
    const authorization = signed.headers.authorization.replace(';x-amz-date', '');
    const headers = { host, date, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', authorization };
    const error = expectSigV4Error(
      () => verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers }, options()),
      'SignatureDoesNotMatch',
    );
    const canonical = new Map(error.fields).get('CanonicalRequest') ?? '';
    assert.match(canonical, /^date:Wed, 04 Mar 2026 05:06:07 GMT$/m);
    assert.match(new Map(error.fields).get('StringToSign') ?? '', /^AWS4-HMAC-SHA256\n20260304T050607Z\n/);
    expectSigV4Error(
      () =>
        verifySigV4Request(
          { method: 'GET', rawPath: '/b/k', headers: { ...headers, date: 'yesterday' } },
          options(),
        ),
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  });
});

describe('verifySigV4Request time checks', () => {
  it('accepts requests within 15 minutes of the clock and refuses beyond with RequestTimeTooSkewed', async () => {
    const request = await sdkSigned('GET', '/bucket/k', {});
    for (const deltaMs of [-15 * 60_000, 15 * 60_000]) {
      const verdict = verifySigV4Request(request, options({ now: new Date(now.getTime() + deltaMs) }));
      assert.equal(verdict.kind, 'authenticated');
    }
    const later = new Date(now.getTime() + 15 * 60_000 + 1000);
    const error = expectSigV4Error(
      () => verifySigV4Request(request, options({ now: later })),
      'RequestTimeTooSkewed',
    );
    assert.deepEqual(error.fields, [
      ['RequestTime', '20260304T050607Z'],
      ['ServerTime', '2026-03-04T05:21:08Z'],
      ['MaxAllowedSkewMilliseconds', '900000'],
    ]);
    expectSigV4Error(
      () => verifySigV4Request(request, options({ now: new Date(now.getTime() - 16 * 60_000) })),
      'RequestTimeTooSkewed',
    );
  });

  it('accepts a presigned URL until X-Amz-Date + X-Amz-Expires and then answers Request has expired', async () => {
    const request = await sdkPresigned('GET', '/bucket/k', {}, 3600);
    assert.equal(
      verifySigV4Request(request, options({ now: new Date(now.getTime() + 3600_000) })).kind,
      'authenticated',
    );
    const error = expectSigV4Error(
      () => verifySigV4Request(request, options({ now: new Date(now.getTime() + 3601_000) })),
      'AccessDenied',
      'Request has expired',
    );
    assert.deepEqual(error.fields, [
      ['X-Amz-Expires', '3600'],
      ['Expires', '2026-03-04T06:06:07Z'],
      ['ServerTime', '2026-03-04T06:06:08Z'],
    ]);
  });

  it('refuses X-Amz-Expires beyond a week, negative or not a number', async () => {
    const request = await sdkPresigned('GET', '/bucket/k', {}, 60);
    for (const [value, message] of [
      ['604801', /less than a week/],
      ['-1', /non-negative/],
      ['soon', /should be a number/],
    ] as const) {
      const rawQuery = request.rawQuery.replace('X-Amz-Expires=60', `X-Amz-Expires=${value}`);
      expectSigV4Error(
        () => verifySigV4Request({ ...request, rawQuery }, options()),
        'AuthorizationQueryParametersError',
        message,
      );
    }
  });
});

describe('verifySigV4Request request-shape errors', () => {
  it('returns anonymous for a request without any authentication, with its payload mode', () => {
    assert.deepEqual(verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers: { host } }, options()), {
      kind: 'anonymous',
      payload: { kind: 'unsigned' },
    });
  });

  it('answers InvalidAccessKeyId for an unknown key', async () => {
    const request = await sdkSigned('GET', '/bucket/k', {});
    const error = expectSigV4Error(
      () => verifySigV4Request(request, options({ lookupSecret: () => undefined })),
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
    assert.deepEqual(error.fields, [['AWSAccessKeyId', accessKeyId]]);
  });

  it('answers AuthorizationHeaderMalformed for a wrong region when an expected region is given', async () => {
    const request = await sdkSigned('GET', '/bucket/k', {});
    const error = expectSigV4Error(
      () => verifySigV4Request(request, options({ expectedRegion: 'us-east-1' })),
      'AuthorizationHeaderMalformed',
      "The authorization header is malformed; the region 'eu-west-3' is wrong; expecting 'us-east-1'",
    );
    assert.equal(error.statusCode, 400);
    const presigned = await sdkPresigned('GET', '/bucket/k', {});
    expectSigV4Error(
      () => verifySigV4Request(presigned, options({ expectedRegion: 'us-east-1' })),
      'AuthorizationQueryParametersError',
      /the region 'eu-west-3' is wrong; expecting 'us-east-1'/,
    );
  });

  it('answers InvalidArgument when both the header and the query carry authentication', async () => {
    const presigned = await sdkPresigned('GET', '/bucket/k', {});
    const signed = await sdkSigned('GET', '/bucket/k', {});
    expectSigV4Error(
      () => verifySigV4Request({ ...presigned, headers: signed.headers }, options()),
      'InvalidArgument',
      /Only one auth mechanism allowed/,
    );
  });

  it('answers InvalidRequest when x-amz-content-sha256 is missing from a header-signed request', async () => {
    const signed = signRequestSigV4({
      method: 'GET',
      host,
      rawPath: '/b/k',
      payloadHash: 'UNSIGNED-PAYLOAD',
      credentials,
      region: 'eu-west-3',
      service: 's3',
      now,
    });
    const headers: Record<string, string> = { host, ...signed.headers };
    delete headers['x-amz-content-sha256'];
    expectSigV4Error(
      () => verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers }, options()),
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
    );
  });

  it('answers AuthorizationHeaderMalformed for missing components, bad credentials and other services', () => {
    const base = { method: 'GET', rawPath: '/b/k' };
    const headers = (authorization: string) => ({
      host,
      authorization,
      'x-amz-date': '20260304T050607Z',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    });
    const sig = `Signature=${'0'.repeat(64)}`;
    for (const [authorization, message] of [
      [
        `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260304/eu-west-3/s3/aws4_request, ${sig}`,
        /three components/,
      ],
      [
        `AWS4-HMAC-SHA256 Credential=${accessKeyId}/2026/eu-west-3/s3/aws4_request, SignedHeaders=host, ${sig}`,
        /mal-formed/,
      ],
      [
        `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260304/eu-west-3/ec2/aws4_request, SignedHeaders=host, ${sig}`,
        /incorrect service "ec2"/,
      ],
      [
        `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260303/eu-west-3/s3/aws4_request, SignedHeaders=host, ${sig}`,
        /Invalid credential date/,
      ],
      [
        `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260304/eu-west-3/s3/aws4_request, SignedHeaders=x-amz-date, ${sig}`,
        /host/,
      ],
    ] as const) {
      expectSigV4Error(
        () => verifySigV4Request({ ...base, headers: headers(authorization) }, options()),
        'AuthorizationHeaderMalformed',
        message,
      );
    }
    expectSigV4Error(
      () => verifySigV4Request({ ...base, headers: headers('AWS AKID:c2ln') }, options()),
      'InvalidRequest',
      /AWS4-HMAC-SHA256/,
    );
    expectSigV4Error(
      () => verifySigV4Request({ ...base, headers: headers('Bearer x') }, options()),
      'InvalidArgument',
      'Unsupported Authorization Type',
    );
  });

  it('parses Authorization as strictly as S3: unknown, repeated, reordered or empty components are malformed', () => {
    const base = { method: 'GET', rawPath: '/b/k' };
    const scope = `${accessKeyId}/20260304/eu-west-3/s3/aws4_request`;
    const sig = `Signature=${'0'.repeat(64)}`;
    const headers = (authorization: string) => ({
      host,
      authorization,
      'x-amz-date': '20260304T050607Z',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    });
    for (const [authorization, piece] of [
      [`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, ${sig}, Foo=bar`, ' Foo=bar'],
      [
        `AWS4-HMAC-SHA256 Credential=${scope}, Credential=${scope}, SignedHeaders=host, ${sig}`,
        ` Credential=${scope}`,
      ],
      [`AWS4-HMAC-SHA256 ${sig}, Credential=${scope}, SignedHeaders=host`, sig],
      [`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=`, ' Signature='],
      [`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, ${sig},`, ''],
      [
        `AWS4-HMAC-SHA256 Credential=a b/20260304/eu-west-3/s3/aws4_request, SignedHeaders=host, ${sig}`,
        'Credential=a b/20260304/eu-west-3/s3/aws4_request',
      ],
    ] as const) {
      expectSigV4Error(
        () => verifySigV4Request({ ...base, headers: headers(authorization) }, options()),
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the authorization component "${piece}" is malformed.`,
      );
    }
  });

  it('refuses a request carrying two Authorization fields, even when the first one verifies', () => {
    const signed = signRequestSigV4({
      method: 'GET',
      host,
      rawPath: '/b/k',
      payloadHash: 'UNSIGNED-PAYLOAD',
      credentials,
      region: 'eu-west-3',
      service: 's3',
      now,
    });
    const headers: Record<string, string> = { host, ...signed.headers };
    const rawHeaders = Object.entries(headers).flat();
    assert.equal(
      verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers, rawHeaders }, options()).kind,
      'authenticated',
    );
    expectSigV4Error(
      () =>
        verifySigV4Request(
          {
            method: 'GET',
            rawPath: '/b/k',
            headers,
            rawHeaders: [...rawHeaders, 'Authorization', headers.authorization],
          },
          options(),
        ),
      'AuthorizationHeaderMalformed',
      /the authorization component "[^"]*" is malformed\./,
    );
  });

  it('answers AuthorizationQueryParametersError when presign parameters are missing', async () => {
    const presigned = await sdkPresigned('GET', '/bucket/k', {});
    const rawQuery = presigned.rawQuery.replace(/&?X-Amz-SignedHeaders=[^&]*/, '');
    expectSigV4Error(
      () => verifySigV4Request({ ...presigned, rawQuery }, options()),
      'AuthorizationQueryParametersError',
      /requires the X-Amz-Algorithm/,
    );
  });

  it('reports streaming payloads with their decoded length and the chunk-signing seed', () => {
    const signed = signRequestSigV4({
      method: 'PUT',
      host,
      rawPath: '/b/k',
      headers: { 'x-amz-decoded-content-length': '10', 'content-encoding': 'aws-chunked' },
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      credentials,
      region: 'eu-west-3',
      service: 's3',
      now,
    });
    const verdict = verifySigV4Request(
      {
        method: 'PUT',
        rawPath: '/b/k',
        headers: {
          host,
          'x-amz-decoded-content-length': '10',
          'content-encoding': 'aws-chunked',
          ...signed.headers,
        },
      },
      options({ signingKeyCache: createSigningKeyCache() }),
    );
    assert.equal(verdict.kind, 'authenticated');
    if (verdict.kind !== 'authenticated') return;
    assert.deepEqual(verdict.payload, {
      kind: 'streaming-signed',
      withTrailer: false,
      decodedContentLength: 10,
      trailerNames: [],
    });
    assert.equal(verdict.chunkSigning?.seedSignature, signed.signature);
    assert.equal(verdict.chunkSigning?.scope, '20260304/eu-west-3/s3/aws4_request');
  });

  it('canonicalises repeated headers from rawHeaders joined with a comma', () => {
    const signed = signRequestSigV4({
      method: 'GET',
      host,
      rawPath: '/b/k',
      headers: { 'x-amz-meta-multi': 'a,b' },
      payloadHash: 'UNSIGNED-PAYLOAD',
      credentials,
      region: 'eu-west-3',
      service: 's3',
      now,
    });
    const headers = { host, ...signed.headers, 'x-amz-meta-multi': 'a, b' };
    const rawHeaders = ['Host', host, 'X-Amz-Meta-Multi', 'a', 'x-amz-meta-multi', ' b '];
    for (const [name, value] of Object.entries(signed.headers)) rawHeaders.push(name, value);
    expectSigV4Error(
      () => verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers }, options()),
      'SignatureDoesNotMatch',
    );
    assert.equal(
      verifySigV4Request({ method: 'GET', rawPath: '/b/k', headers, rawHeaders }, options()).kind,
      'authenticated',
    );
  });
});
