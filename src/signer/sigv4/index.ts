// Public surface of the SigV4 library: verify (header and presigned forms), sign, presign, and the
// streaming payload decoder for S3 request bodies. Node built-ins only.

export {
  buildCanonicalRequest,
  buildStringToSign,
  credentialScope,
  formatAmzDate,
  type HeaderMap,
  parseAmzDate,
} from './canonical-request.ts';
export { canonicalizeQuery, canonicalizeUri, encodeRfc3986 } from './canonical-uri.ts';
export {
  type PayloadMode,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
  type StreamingFraming,
  UNSIGNED_PAYLOAD,
} from './payload-mode.ts';
export {
  createSigningKeyCache,
  deriveSigningKey,
  type SigningKey,
  type SigningKeyCache,
} from './signing-key.ts';
export { type ErrorFields, SigV4Error, type SigV4ErrorCode } from './sigv4-error.ts';
export { DEFAULT_MAX_SKEW_MS } from './check-signature.ts';
export {
  type ChunkSigningContext,
  type SigV4Request,
  type SigV4Verdict,
  type VerifySigV4Options,
  verifySigV4Request,
} from './verify-sigv4-request.ts';
export {
  type PresignInput,
  presignSigV4Url,
  type SignedRequest,
  type SignRequestInput,
  type SigV4Credentials,
  signRequestSigV4,
} from './sign-request.ts';
export {
  type AwsChunkedEncoderOptions,
  awsChunkedEncodedLength,
  createAwsChunkedEncoder,
} from './aws-chunked-encoder.ts';
export {
  canonicalTrailer,
  chunkStringToSign,
  computeChunkSignature,
  computeTrailerSignature,
  trailerStringToSign,
} from './chunk-signature.ts';
export {
  createPayloadDecoder,
  type PayloadDecoder,
  type PayloadDecoderContext,
  type VerifiedChecksum,
} from './payload-decoder.ts';
