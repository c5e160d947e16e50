// String-to-sign and signature of one aws-chunked chunk (AWS4-HMAC-SHA256-PAYLOAD) and of the trailer
// (AWS4-HMAC-SHA256-TRAILER); each chains from the previous signature, starting at the seed (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)").

import { sha256Hex } from './canonical-request.ts';
import { hmacSha256 } from './signing-key.ts';
import type { ChunkSigningContext } from './sigv4-types.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function chunkStringToSign(
  context: ChunkSigningContext,
  previousSignature: string,
  dataSha256Hex: string,
): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${context.amzDate}\n${context.scope}\n${previousSignature}\n${EMPTY_SHA256}\n${dataSha256Hex}`;
}

export function computeChunkSignature(
  context: ChunkSigningContext,
  previousSignature: string,
  dataSha256Hex: string,
): string {
  return hmacSha256(
    context.signingKey,
    chunkStringToSign(context, previousSignature, dataSha256Hex),
  ).toString('hex');
}

/** Trailer lines in signing form: `name:value\n` each, in the order sent. */
export function canonicalTrailer(trailers: ReadonlyArray<readonly [string, string]>): string {
  return trailers.map(([name, value]) => `${name}:${value}\n`).join('');
}

export function trailerStringToSign(
  context: ChunkSigningContext,
  previousSignature: string,
  trailerText: string,
): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${context.amzDate}\n${context.scope}\n${previousSignature}\n${sha256Hex(trailerText)}`;
}

export function computeTrailerSignature(
  context: ChunkSigningContext,
  previousSignature: string,
  trailers: ReadonlyArray<readonly [string, string]>,
): string {
  return hmacSha256(
    context.signingKey,
    trailerStringToSign(context, previousSignature, canonicalTrailer(trailers)),
  ).toString('hex');
}
