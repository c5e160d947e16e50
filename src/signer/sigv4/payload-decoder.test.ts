import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CHECKSUM_ALGORITHMS, computeChecksumBase64 } from '../checksums/index.ts';
import {
  awsChunkedEncodedLength,
  createAwsChunkedEncoder,
  createPayloadDecoder,
  type PayloadDecoder,
  type PayloadMode,
  parseAmzDate,
  SigV4Error,
  signRequestSigV4,
  verifySigV4Request,
} from './index.ts';

// The worked examples of https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
// sigv4-streaming-trailers.html: 65536 + 1024 bytes of 'a', AWS's example key, 2013-05-24.
const DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DOC_NOW = new Date('2013-05-24T00:00:00Z');
const DOC = {
  plain: {
    contentSha256: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    signedHeaders:
      'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
    seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    chunks: [
      'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
      '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
      'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
    ],
    trailer: '',
  },
  trailer: {
    contentSha256: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
    signedHeaders:
      'content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer',
    seed: '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
    chunks: [
      'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
      '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
      '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
    ],
    trailer:
      'x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n',
  },
} as const;

function docBody(
  example: (typeof DOC)[keyof typeof DOC],
  chunkSignatures: readonly string[] = example.chunks,
): Buffer {
  const a = (n: number) => 'a'.repeat(n);
  return Buffer.from(
    `10000;chunk-signature=${chunkSignatures[0]}\r\n${a(65536)}\r\n` +
      `400;chunk-signature=${chunkSignatures[1]}\r\n${a(1024)}\r\n` +
      `0;chunk-signature=${chunkSignatures[2]}\r\n${example.trailer}\r\n`,
  );
}

function docVerdict(example: (typeof DOC)[keyof typeof DOC]) {
  const headers: Record<string, string> = {
    host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': example.contentSha256,
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${example.signedHeaders},Signature=${example.seed}`,
  };
  if (example === DOC.plain) headers['content-length'] = '66824';
  else headers['x-amz-trailer'] = 'x-amz-checksum-crc32c';
  const verdict = verifySigV4Request(
    { method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', rawQuery: '', headers },
    { lookupSecret: () => DOC_SECRET, now: DOC_NOW, service: 's3', expectedRegion: 'us-east-1' },
  );
  assert.equal(verdict.kind, 'authenticated');
  if (verdict.kind !== 'authenticated') throw new Error('unreachable');
  return verdict;
}

function pieces(body: Buffer, size: number | 'random'): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; ) {
    const n = size === 'random' ? 1 + Math.floor(Math.random() * 700) : size;
    out.push(body.subarray(i, i + n));
    i += n;
  }
  return out;
}

async function decode(
  decoder: PayloadDecoder,
  input: Buffer[],
): Promise<{ data: Buffer; error: SigV4Error | undefined }> {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  try {
    await pipeline(Readable.from(input), decoder, sink);
    return { data: Buffer.concat(received), error: undefined };
  } catch (error) {
    assert.ok(error instanceof SigV4Error, String(error));
    return { data: Buffer.concat(received), error };
  }
}

describe('createPayloadDecoder on the AWS documentation examples', () => {
  for (const split of [65536 * 2, 1, 'random'] as const) {
    it(`decodes the signed chunked example and verifies its chunk signatures (writes of ${split} bytes)`, async () => {
      const verdict = docVerdict(DOC.plain);
      assert.equal(verdict.chunkSigning?.seedSignature, DOC.plain.seed);
      const decoder = createPayloadDecoder(verdict.payload, { chunkSigning: verdict.chunkSigning });
      const body = docBody(DOC.plain);
      assert.equal(body.length, 66824, 'the documented Content-Length');
      const { data, error } = await decode(decoder, pieces(body, split));
      assert.equal(error, undefined);
      assert.deepEqual(data, Buffer.alloc(66560, 'a'));
      assert.equal(decoder.trailers.size, 0);
    });

    it(`decodes the signed trailer example and verifies the trailer signature and CRC32C (writes of ${split} bytes)`, async () => {
      const verdict = docVerdict(DOC.trailer);
      const decoder = createPayloadDecoder(verdict.payload, { chunkSigning: verdict.chunkSigning });
      const { data, error } = await decode(decoder, pieces(docBody(DOC.trailer), split));
      assert.equal(error, undefined);
      assert.equal(data.length, 66560);
      assert.deepEqual([...decoder.trailers], [['x-amz-checksum-crc32c', 'sOO8/Q==']]);
      assert.deepEqual(decoder.checksum, { algorithm: 'CRC32C', base64: 'sOO8/Q==' });
    });
  }

  it('answers SignatureDoesNotMatch when one data byte changed', async () => {
    const verdict = docVerdict(DOC.plain);
    const body = docBody(DOC.plain);
    body[100 + 70_000 - 65536] ^= 1; // inside the second chunk
    const { error } = await decode(
      createPayloadDecoder(verdict.payload, { chunkSigning: verdict.chunkSigning }),
      [body],
    );
    assert.equal(error?.code, 'SignatureDoesNotMatch');
  });

  it('answers SignatureDoesNotMatch when chunk signatures are swapped or the trailer signature is wrong', async () => {
    const verdict = docVerdict(DOC.plain);
    const swapped = [DOC.plain.chunks[1], DOC.plain.chunks[0], DOC.plain.chunks[2]];
    const first = await decode(
      createPayloadDecoder(verdict.payload, { chunkSigning: verdict.chunkSigning }),
      [docBody(DOC.plain, swapped)],
    );
    assert.equal(first.error?.code, 'SignatureDoesNotMatch');
    // Data is released before its chunk signature is checked (flat memory); the error still ends the stream.
    assert.ok(first.data.length <= 65536, 'nothing beyond the first chunk is released');

    const trailerVerdict = docVerdict(DOC.trailer);
    const body = Buffer.from(
      docBody(DOC.trailer).toString('latin1').replace('d81f82fc', 'd81f82fd'),
      'latin1',
    );
    const second = await decode(
      createPayloadDecoder(trailerVerdict.payload, { chunkSigning: trailerVerdict.chunkSigning }),
      [body],
    );
    assert.equal(second.error?.code, 'SignatureDoesNotMatch');
  });

  it('answers IncompleteBody when the body stops early or the final chunk is missing', async () => {
    const verdict = docVerdict(DOC.plain);
    const body = docBody(DOC.plain);
    for (const cut of [10, 65600, body.length - 90, body.length - 3]) {
      const { error } = await decode(
        createPayloadDecoder(verdict.payload, { chunkSigning: verdict.chunkSigning }),
        [body.subarray(0, cut)],
      );
      assert.equal(error?.code, 'IncompleteBody', `cut at ${cut}`);
    }
  });
});

function unsignedTrailerMode(
  decodedContentLength: number,
  trailerNames = ['x-amz-checksum-crc32'],
): PayloadMode {
  return { kind: 'streaming-unsigned-trailer', decodedContentLength, trailerNames };
}

describe('createPayloadDecoder framing rules', () => {
  it('decodes the unsigned-trailer body the real S3Client sends, in 1-byte writes', async () => {
    let captured: { headers: Record<string, string>; body: Readable; path: string } | undefined;
    const secretAccessKey = randomBytes(20).toString('base64');
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDSDK', secretAccessKey },
      requestHandler: {
        handle: async (request: NonNullable<typeof captured>) => {
          captured = request;
          throw new Error('captured, not sent');
        },
      },
    });
    const object = randomBytes(200_000);
    await assert.rejects(
      client.send(
        new PutObjectCommand({
          Bucket: 'b',
          Key: 'k',
          Body: Readable.from(pieces(object, 65536)),
          ContentLength: object.length,
        }),
      ),
      /captured/,
    );
    assert.ok(captured);
    const verdict = verifySigV4Request(
      { method: 'PUT', rawPath: captured.path, rawQuery: 'x-id=PutObject', headers: captured.headers },
      {
        lookupSecret: () => secretAccessKey,
        now: parseAmzDate(captured.headers['x-amz-date']) as Date,
        service: 's3',
      },
    );
    const wire: Buffer[] = [];
    for await (const chunk of captured.body) wire.push(Buffer.from(chunk));
    const decoder = createPayloadDecoder(verdict.payload);
    const { data, error } = await decode(decoder, pieces(Buffer.concat(wire), 1));
    assert.equal(error, undefined);
    assert.deepEqual(data, object);
    assert.deepEqual(decoder.checksum, {
      algorithm: 'CRC32',
      base64: computeChecksumBase64('CRC32', object),
    });
  });

  it('answers BadDigest when the trailing checksum does not match the data', async () => {
    const body = Buffer.from('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
    const { error } = await decode(createPayloadDecoder(unsignedTrailerMode(3)), [body]);
    assert.equal(error?.code, 'BadDigest');
    assert.equal(error?.message, 'The CRC32 you specified did not match the calculated checksum.');
    const good = Buffer.from(
      `3\r\nabc\r\n0\r\nx-amz-checksum-crc32:${computeChecksumBase64('CRC32', Buffer.from('abc'))}\r\n\r\n`,
    );
    assert.equal((await decode(createPayloadDecoder(unsignedTrailerMode(3)), [good])).error, undefined);
  });

  it('answers MalformedTrailerError when the announced trailer is missing or another one arrives', async () => {
    for (const trailer of ['', 'x-amz-checksum-sha1:AAAA\r\n', 'no-colon\r\n']) {
      const body = Buffer.from(`3\r\nabc\r\n0\r\n${trailer}\r\n`);
      const { error } = await decode(createPayloadDecoder(unsignedTrailerMode(3)), [body]);
      assert.equal(error?.code, 'MalformedTrailerError', JSON.stringify(trailer));
    }
  });

  it('answers IncompleteBody when the chunks disagree with x-amz-decoded-content-length', async () => {
    const crc = computeChecksumBase64('CRC32', Buffer.from('abc'));
    for (const declared of [2, 4]) {
      const body = Buffer.from(`3\r\nabc\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`);
      const { error } = await decode(createPayloadDecoder(unsignedTrailerMode(declared)), [body]);
      assert.equal(error?.code, 'IncompleteBody', `declared ${declared}`);
    }
  });

  it('rejects absurd chunk headers without buffering them', async () => {
    const endless = Buffer.alloc(64 * 1024, '1');
    const { error, data } = await decode(createPayloadDecoder(unsignedTrailerMode(10)), [endless]);
    assert.equal(error?.code, 'IncompleteBody');
    assert.equal(data.length, 0);
    const huge = await decode(createPayloadDecoder(unsignedTrailerMode(10)), [
      Buffer.from('ffffffffffffffff\r\n'),
    ]);
    assert.equal(huge.error?.code, 'IncompleteBody');
    const notHex = await decode(createPayloadDecoder(unsignedTrailerMode(10)), [Buffer.from('zz\r\n')]);
    assert.equal(notHex.error?.code, 'IncompleteBody');
    const noCr = await decode(createPayloadDecoder(unsignedTrailerMode(3)), [Buffer.from('3\nabc\r\n')]);
    assert.equal(noCr.error?.code, 'IncompleteBody');
  });

  it('answers InvalidChunkSizeError when a signed chunk other than the last is under 8 KiB', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const signed = signRequestSigV4({
      method: 'PUT',
      host: 'h',
      rawPath: '/b/k',
      headers: { 'x-amz-decoded-content-length': '20000' },
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
      region: 'us-east-1',
      service: 's3',
      now,
    });
    const mode: PayloadMode = {
      kind: 'streaming-signed',
      withTrailer: false,
      decodedContentLength: 20000,
      trailerNames: [],
    };
    const encode = async (chunkSizeBytes: number) => {
      const wire: Buffer[] = [];
      await pipeline(
        Readable.from([Buffer.alloc(20000, 7)]),
        createAwsChunkedEncoder({ chunkSizeBytes, chunkSigning: signed.chunkSigning }),
        new Writable({
          write(c: Buffer, _e, cb) {
            wire.push(c);
            cb();
          },
        }),
      );
      return Buffer.concat(wire);
    };
    const small = await decode(createPayloadDecoder(mode, { chunkSigning: signed.chunkSigning }), [
      await encode(4096),
    ]);
    assert.equal(small.error?.code, 'InvalidChunkSizeError');
    const fine = await decode(createPayloadDecoder(mode, { chunkSigning: signed.chunkSigning }), [
      await encode(8192),
    ]);
    assert.equal(fine.error, undefined);
    assert.equal(fine.data.length, 20000);
  });

  for (const algorithm of CHECKSUM_ALGORITHMS) {
    it(`round-trips the encoder and decoder, signed with a ${algorithm} trailer, with predicted length`, async () => {
      const object = randomBytes(50_000 + Math.floor(Math.random() * 30_000));
      const signed = signRequestSigV4({
        method: 'PUT',
        host: 'h',
        rawPath: '/b/k',
        payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
        credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
        region: 'us-east-1',
        service: 's3',
        now: new Date(),
      });
      const options = {
        chunkSizeBytes: 16384,
        chunkSigning: signed.chunkSigning,
        trailerChecksum: algorithm,
      };
      const wire: Buffer[] = [];
      await pipeline(
        Readable.from(pieces(object, 'random')),
        createAwsChunkedEncoder(options),
        new Writable({
          write(c: Buffer, _e, cb) {
            wire.push(c);
            cb();
          },
        }),
      );
      const body = Buffer.concat(wire);
      assert.equal(body.length, awsChunkedEncodedLength(object.length, options));
      const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
      const mode: PayloadMode = {
        kind: 'streaming-signed',
        withTrailer: true,
        decodedContentLength: object.length,
        trailerNames: [name],
      };
      const decoder = createPayloadDecoder(mode, { chunkSigning: signed.chunkSigning });
      const { data, error } = await decode(decoder, pieces(body, 'random'));
      assert.equal(error, undefined);
      assert.deepEqual(data, object);
      assert.equal(decoder.trailers.get(name), computeChecksumBase64(algorithm, object));
    });
  }
});

describe('createPayloadDecoder for whole-body payload hashes', () => {
  it('passes a body whose SHA-256 matches and answers XAmzContentSHA256Mismatch otherwise', async () => {
    const body = randomBytes(10_000);
    const { createHash } = await import('node:crypto');
    const hex = createHash('sha256').update(body).digest('hex');
    const ok = await decode(createPayloadDecoder({ kind: 'sha256', hex }), pieces(body, 333));
    assert.equal(ok.error, undefined);
    assert.deepEqual(ok.data, body);
    const bad = await decode(createPayloadDecoder({ kind: 'sha256', hex }), [body.subarray(1)]);
    assert.equal(bad.error?.code, 'XAmzContentSHA256Mismatch');
    assert.deepEqual(
      bad.error?.fields.map(([n]) => n),
      ['ClientComputedContentSHA256', 'S3ComputedContentSHA256'],
    );
  });

  it('passes unsigned bodies through untouched', async () => {
    const body = randomBytes(1000);
    const { data, error } = await decode(createPayloadDecoder({ kind: 'unsigned' }), pieces(body, 7));
    assert.equal(error, undefined);
    assert.deepEqual(data, body);
  });

  it('keeps memory flat while decoding a large signed stream', async () => {
    const size = 256 * 1024 * 1024;
    const signed = signRequestSigV4({
      method: 'PUT',
      host: 'h',
      rawPath: '/b/k',
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
      region: 'us-east-1',
      service: 's3',
      now: new Date(),
    });
    const block = randomBytes(64 * 1024);
    const source = Readable.from(
      (function* () {
        for (let sent = 0; sent < size; sent += block.length) yield block;
      })(),
    );
    const mode: PayloadMode = {
      kind: 'streaming-signed',
      withTrailer: false,
      decodedContentLength: size,
      trailerNames: [],
    };
    const before = process.memoryUsage().rss;
    let peak = before;
    let total = 0;
    await pipeline(
      source,
      createAwsChunkedEncoder({ chunkSizeBytes: 128 * 1024, chunkSigning: signed.chunkSigning }),
      createPayloadDecoder(mode, { chunkSigning: signed.chunkSigning }),
      new Writable({
        write(c: Buffer, _e, cb) {
          total += c.length;
          if (total % (4 * 1024 * 1024) < c.length) peak = Math.max(peak, process.memoryUsage().rss);
          cb();
        },
      }),
    );
    assert.equal(total, size);
    assert.ok(peak - before < 96 * 1024 * 1024, `rss grew by ${((peak - before) / 1048576).toFixed(1)} MiB`);
  });
});
