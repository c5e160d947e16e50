// What SigV4 verification takes and answers, shared by the header and presigned-query forms.

import type { HeaderMap } from './canonical-request.ts';
import type { PayloadMode } from './payload-mode.ts';
import type { SigningKey, SigningKeyCache } from './signing-key.ts';

export type SigV4Request = {
  readonly method: string;
  /** The path exactly as received on the wire (still percent-encoded), without the query. */
  readonly rawPath: string;
  /** The query exactly as received, without `?`; '' or undefined when absent. */
  readonly rawQuery?: string | undefined;
  readonly headers: HeaderMap;
  /** Node's `rawHeaders`; when given, repeated headers are canonicalised exactly (joined with `,`). */
  readonly rawHeaders?: readonly string[];
};

export type VerifySigV4Options = {
  lookupSecret(accessKeyId: string): string | undefined;
  readonly now: Date;
  readonly service: string;
  /** Allowed clock difference for header-signed requests; default 15 minutes (S3's value). */
  readonly maxSkewMs?: number;
  /** When set, a credential scope naming another region is refused as S3 does (AuthorizationHeaderMalformed). */
  readonly expectedRegion?: string;
  readonly signingKeyCache?: SigningKeyCache;
  /**
   * The hex SHA-256 of the body, for services whose clients sign it without an x-amz-content-sha256 header
   * (CloudFront and every non-S3 SigV4 service); S3 requests always carry the header.
   */
  readonly payloadSha256Hex?: string;
};

/** What chunk and trailer signatures chain from (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)", aws-chunked). */
export type ChunkSigningContext = {
  readonly seedSignature: string;
  readonly signingKey: SigningKey;
  readonly scope: string;
  readonly amzDate: string;
};

export type SigV4Verdict =
  | { readonly kind: 'anonymous'; readonly payload: PayloadMode }
  | {
      readonly kind: 'authenticated';
      readonly form: 'header' | 'presigned';
      readonly accessKeyId: string;
      /** From the credential scope; compare with the bucket's region if expectedRegion was not given. */
      readonly region: string;
      readonly signedHeaders: readonly string[];
      readonly securityToken?: string;
      /** Presigned only: when the URL stops being valid. */
      readonly expiresAt?: Date;
      readonly payload: PayloadMode;
      readonly chunkSigning?: ChunkSigningContext;
    };
