// Renders a body as aws-chunked (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): fixed-size chunks, signed when a ChunkSigningContext is
// given, ending with the zero-length chunk and optional checksum trailer (signed with the trailer signature).
// Used by the edge when it uploads to an S3 origin and by tests as the counterpart of createPayloadDecoder.

import { Transform, type TransformCallback } from 'node:stream';
import {
  type Checksum,
  type ChecksumAlgorithm,
  checksumHeaderName,
  createChecksum,
} from '../checksums/index.ts';
import { sha256Hex } from './canonical-request.ts';
import { computeChunkSignature, computeTrailerSignature } from './chunk-signature.ts';
import type { ChunkSigningContext } from './sigv4-types.ts';

export type AwsChunkedEncoderOptions = {
  /** Size of every chunk but the last; S3 requires at least 8 KiB for signed chunks. */
  readonly chunkSizeBytes: number;
  readonly chunkSigning?: ChunkSigningContext;
  /** Adds `x-amz-checksum-<algorithm>` as a trailer (announce it with x-amz-trailer). */
  readonly trailerChecksum?: ChecksumAlgorithm;
};

/** Encoded (wire) length for a body of `decodedLength` bytes, for Content-Length. */
export function awsChunkedEncodedLength(decodedLength: number, options: AwsChunkedEncoderOptions): number {
  const signatureBytes = options.chunkSigning ? ';chunk-signature='.length + 64 : 0;
  const chunkHeader = (size: number) => size.toString(16).length + signatureBytes + 2;
  const full = Math.floor(decodedLength / options.chunkSizeBytes);
  const rest = decodedLength % options.chunkSizeBytes;
  let total = full * (chunkHeader(options.chunkSizeBytes) + options.chunkSizeBytes + 2);
  if (rest > 0) total += chunkHeader(rest) + rest + 2;
  total += chunkHeader(0);
  if (options.trailerChecksum) {
    const digestBytes = createChecksum(options.trailerChecksum).digest().length;
    total += checksumHeaderName(options.trailerChecksum).length + 1 + Math.ceil(digestBytes / 3) * 4 + 2;
    if (options.chunkSigning) total += 'x-amz-trailer-signature:'.length + 64 + 2;
  }
  return total + 2;
}

export function createAwsChunkedEncoder(options: AwsChunkedEncoderOptions): Transform {
  const { chunkSizeBytes, chunkSigning, trailerChecksum } = options;
  if (!Number.isInteger(chunkSizeBytes) || chunkSizeBytes < 1)
    throw new RangeError('chunkSizeBytes must be ≥ 1');
  const checksum: Checksum | undefined = trailerChecksum ? createChecksum(trailerChecksum) : undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let previousSignature = chunkSigning?.seedSignature ?? '';

  const header = (data: Buffer): string => {
    if (!chunkSigning) return `${data.length.toString(16)}\r\n`;
    previousSignature = computeChunkSignature(chunkSigning, previousSignature, sha256Hex(data));
    return `${data.length.toString(16)};chunk-signature=${previousSignature}\r\n`;
  };

  const emit = (stream: Transform, data: Buffer): void => {
    checksum?.update(data);
    stream.push(header(data));
    if (data.length > 0) stream.push(data);
    stream.push('\r\n');
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= chunkSizeBytes) {
        let all = Buffer.concat(pending);
        while (all.length >= chunkSizeBytes) {
          emit(this, all.subarray(0, chunkSizeBytes));
          all = all.subarray(chunkSizeBytes);
        }
        pending = all.length > 0 ? [all] : [];
        pendingBytes = all.length;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      if (pendingBytes > 0) emit(this, Buffer.concat(pending));
      const final = header(Buffer.alloc(0));
      if (!trailerChecksum || !checksum) {
        this.push(`${final}\r\n`);
      } else {
        const trailer: [string, string] = [
          checksumHeaderName(trailerChecksum),
          checksum.digest().toString('base64'),
        ];
        let text = `${final}${trailer[0]}:${trailer[1]}\r\n`;
        if (chunkSigning) {
          text += `x-amz-trailer-signature:${computeTrailerSignature(chunkSigning, previousSignature, [trailer])}\r\n`;
        }
        this.push(`${text}\r\n`);
      }
      callback();
    },
  });
}
