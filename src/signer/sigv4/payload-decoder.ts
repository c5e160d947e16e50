// Streams a request body through its integrity check (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): SHA-256 compared at the end,
// pass-through for unsigned bodies, or an aws-chunked parser that strips the framing, verifies the chunk
// and trailer signature chain, enforces x-amz-decoded-content-length and checks trailing checksums.
// Memory stays flat: data is forwarded as slices of the input, only header/trailer lines are buffered (bounded).

import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  type Checksum,
  type ChecksumAlgorithm,
  checksumAlgorithmFromHeaderName,
  createChecksum,
} from '../checksums/index.ts';
import { computeChunkSignature, computeTrailerSignature } from './chunk-signature.ts';
import type { PayloadMode } from './payload-mode.ts';
import { signaturesEqual } from './signing-key.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';
import type { ChunkSigningContext } from './sigv4-types.ts';

export type PayloadDecoderContext = {
  /** Required for `streaming-signed` payloads (from verifySigV4Request). */
  readonly chunkSigning?: ChunkSigningContext;
};

export type VerifiedChecksum = { readonly algorithm: ChecksumAlgorithm; readonly base64: string };

/** A Transform from wire bytes to object bytes; the getters are meaningful after 'end'. */
export type PayloadDecoder = Transform & {
  /** Trailing headers received (lower-case names), without x-amz-trailer-signature. */
  readonly trailers: ReadonlyMap<string, string>;
  /** Object bytes emitted so far. */
  readonly decodedBytes: number;
  /** The trailing checksum, already compared with the data (BadDigest otherwise). */
  readonly checksum: VerifiedChecksum | undefined;
};

/** Longest chunk-header or trailer line accepted; real ones are under 100 bytes. */
const MAX_LINE_BYTES = 1024;
const MAX_TRAILER_BYTES = 8192;
/** spec: chunks of a signed stream other than the last must be at least 8 KiB. */
const MIN_SIGNED_CHUNK_BYTES = 8192;
const CR = 0x0d;
const LF = 0x0a;

function incompleteBody(): SigV4Error {
  return new SigV4Error('IncompleteBody', MESSAGES.incompleteBody);
}

function chunkSignatureMismatch(): SigV4Error {
  return new SigV4Error('SignatureDoesNotMatch', MESSAGES.signatureDoesNotMatch);
}

type State = 'header' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

class Sha256Decoder extends Transform {
  readonly trailers: ReadonlyMap<string, string> = new Map();
  readonly checksum = undefined;
  decodedBytes = 0;
  readonly #expectedHex: string | undefined;
  readonly #hash: Hash | undefined;

  constructor(expectedHex: string | undefined) {
    super();
    this.#expectedHex = expectedHex;
    this.#hash = expectedHex === undefined ? undefined : createHash('sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash?.update(chunk);
    this.decodedBytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#hash && this.#expectedHex !== undefined) {
      const computed = this.#hash.digest('hex');
      if (computed !== this.#expectedHex) {
        callback(
          new SigV4Error('XAmzContentSHA256Mismatch', MESSAGES.contentSha256Mismatch, [
            ['ClientComputedContentSHA256', this.#expectedHex],
            ['S3ComputedContentSHA256', computed],
          ]),
        );
        return;
      }
    }
    callback();
  }
}

class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  checksum: VerifiedChecksum | undefined;
  decodedBytes = 0;

  readonly #signing: ChunkSigningContext | undefined;
  readonly #withTrailer: boolean;
  readonly #decodedContentLength: number;
  readonly #trailerNames: readonly string[];
  readonly #checksum: Checksum | undefined;

  #state: State = 'header';
  #line: number[] = [];
  #trailerBytes = 0;
  #trailerLines: Array<[string, string]> = [];
  #trailerSignature: string | undefined;
  #chunkRemaining = 0;
  #chunkSize = 0;
  #chunkSignature = '';
  #chunkHash: Hash | undefined;
  #previousSignature = '';
  #previousDataChunkSize = -1;
  #blankBeforeTrailer = false;

  constructor(
    signing: ChunkSigningContext | undefined,
    withTrailer: boolean,
    decodedContentLength: number,
    trailerNames: readonly string[],
  ) {
    super();
    this.#signing = signing;
    this.#withTrailer = withTrailer;
    this.#decodedContentLength = decodedContentLength;
    this.#trailerNames = trailerNames;
    this.#previousSignature = signing?.seedSignature ?? '';
    // Only one checksum trailer is meaningful; S3 accepts one x-amz-checksum-* per request.
    const algorithm = trailerNames.map(checksumAlgorithmFromHeaderName).find((a) => a !== undefined);
    this.#checksum = algorithm ? createChecksum(algorithm) : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      // Tolerate a stream that ends right after the trailer lines or the final chunk without the closing CRLF.
      if (this.#state === 'trailer' && this.#line.length === 0) this.#finish();
      if (this.#state !== 'done') throw incompleteBody();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  #consume(buffer: Buffer): void {
    let i = 0;
    while (i < buffer.length) {
      switch (this.#state) {
        case 'header':
        case 'trailer': {
          const byte = buffer[i++];
          if (byte === LF) {
            const line = this.#takeLine();
            if (this.#state === 'header') this.#onChunkHeader(line);
            else this.#onTrailerLine(line);
          } else {
            this.#line.push(byte);
            if (this.#line.length > MAX_LINE_BYTES) throw incompleteBody();
            if (this.#state === 'trailer' && ++this.#trailerBytes > MAX_TRAILER_BYTES) {
              throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
            }
          }
          break;
        }
        case 'data': {
          const take = Math.min(this.#chunkRemaining, buffer.length - i);
          const slice = buffer.subarray(i, i + take);
          this.#chunkHash?.update(slice);
          this.#checksum?.update(slice);
          this.decodedBytes += take;
          this.#chunkRemaining -= take;
          i += take;
          this.push(slice);
          if (this.#chunkRemaining === 0) this.#state = 'data-cr';
          break;
        }
        case 'data-cr':
          if (buffer[i++] !== CR) throw incompleteBody();
          this.#state = 'data-lf';
          break;
        case 'data-lf':
          if (buffer[i++] !== LF) throw incompleteBody();
          this.#endDataChunk();
          break;
        case 'done':
          // Bytes after the terminating empty line.
          throw incompleteBody();
      }
    }
  }

  /** The accumulated line without its CR; a line must end in CRLF. */
  #takeLine(): string {
    const bytes = this.#line;
    this.#line = [];
    if (bytes.length === 0 || bytes[bytes.length - 1] !== CR) {
      throw this.#state === 'trailer'
        ? new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer)
        : incompleteBody();
    }
    return Buffer.from(bytes.slice(0, -1)).toString('latin1');
  }

  #onChunkHeader(line: string): void {
    const semicolon = line.indexOf(';');
    const sizeText = semicolon < 0 ? line : line.slice(0, semicolon);
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw incompleteBody();
    const size = Number.parseInt(sizeText, 16);
    if (!Number.isSafeInteger(size) || this.decodedBytes + size > this.#decodedContentLength) {
      throw incompleteBody();
    }
    if (this.#signing) {
      const match = /^chunk-signature=([0-9a-f]{64})$/.exec(semicolon < 0 ? '' : line.slice(semicolon + 1));
      if (!match) throw chunkSignatureMismatch();
      this.#chunkSignature = match[1];
      if (
        size > 0 &&
        this.#previousDataChunkSize >= 0 &&
        this.#previousDataChunkSize < MIN_SIGNED_CHUNK_BYTES
      ) {
        throw new SigV4Error(
          'InvalidChunkSizeError',
          'Only the last chunk is allowed to have a size less than 8192 bytes',
        );
      }
    }
    this.#chunkSize = size;
    this.#chunkRemaining = size;
    this.#chunkHash = this.#signing ? createHash('sha256') : undefined;
    if (size > 0) {
      this.#state = 'data';
      return;
    }
    this.#verifyChunkSignature();
    if (this.decodedBytes !== this.#decodedContentLength) throw incompleteBody();
    this.#state = 'trailer';
  }

  #endDataChunk(): void {
    this.#verifyChunkSignature();
    this.#previousDataChunkSize = this.#chunkSize;
    this.#state = 'header';
  }

  #verifyChunkSignature(): void {
    if (!this.#signing || !this.#chunkHash) return;
    const expected = computeChunkSignature(
      this.#signing,
      this.#previousSignature,
      this.#chunkHash.digest('hex'),
    );
    if (!signaturesEqual(expected, this.#chunkSignature)) throw chunkSignatureMismatch();
    this.#previousSignature = expected;
  }

  #onTrailerLine(line: string): void {
    if (line === '') {
      // Some clients put a blank line between the final chunk and the trailers; the end of the body then
      // decides (flush), so only a blank line after trailers (or with none expected) ends the body here.
      if (this.#withTrailer && this.#trailerLines.length === 0 && this.#trailerSignature === undefined) {
        if (this.#blankBeforeTrailer)
          throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
        this.#blankBeforeTrailer = true;
        return;
      }
      this.#finish();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (this.#trailerSignature !== undefined)
      throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
    if (name === 'x-amz-trailer-signature') {
      this.#trailerSignature = value;
      return;
    }
    this.#trailerLines.push([name, value]);
    this.trailers.set(name, value);
  }

  #finish(): void {
    this.#state = 'done';
    const hasTrailer = this.#trailerLines.length > 0;
    if (!this.#withTrailer && (hasTrailer || this.#trailerSignature !== undefined)) {
      throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
    }
    for (const [name] of this.#trailerLines) {
      if (!this.#trailerNames.includes(name))
        throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
    }
    for (const name of this.#trailerNames) {
      if (!this.trailers.has(name)) throw new SigV4Error('MalformedTrailerError', MESSAGES.malformedTrailer);
    }
    if (this.#signing && this.#withTrailer) {
      if (this.#trailerSignature === undefined) throw chunkSignatureMismatch();
      const expected = computeTrailerSignature(this.#signing, this.#previousSignature, this.#trailerLines);
      if (!signaturesEqual(expected, this.#trailerSignature)) throw chunkSignatureMismatch();
    }
    if (this.#checksum) {
      const name = this.#trailerNames.find(
        (n) => checksumAlgorithmFromHeaderName(n) === this.#checksum?.algorithm,
      );
      const computed = this.#checksum.digest().toString('base64');
      const provided = name === undefined ? undefined : this.trailers.get(name);
      if (provided !== computed) {
        throw new SigV4Error(
          'BadDigest',
          `The ${this.#checksum.algorithm} you specified did not match the calculated checksum.`,
        );
      }
      this.checksum = { algorithm: this.#checksum.algorithm, base64: computed };
    }
  }
}

/** Creates the body decoder for a verified (or anonymous) request's payload mode. */
export function createPayloadDecoder(
  payload: PayloadMode,
  context: PayloadDecoderContext = {},
): PayloadDecoder {
  switch (payload.kind) {
    case 'sha256':
      return new Sha256Decoder(payload.hex);
    case 'unsigned':
      return new Sha256Decoder(undefined);
    case 'streaming-unsigned-trailer':
      return new AwsChunkedDecoder(undefined, true, payload.decodedContentLength, payload.trailerNames);
    case 'streaming-signed':
      if (!context.chunkSigning) throw new TypeError('streaming-signed payloads need context.chunkSigning');
      return new AwsChunkedDecoder(
        context.chunkSigning,
        payload.withTrailer,
        payload.decodedContentLength,
        payload.trailerNames,
      );
  }
}
