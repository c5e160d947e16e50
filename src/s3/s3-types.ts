// Values passed between the S3 pipeline stages: who is calling, the request as operations see it,
// and the response value an operation returns (rendered to the wire in one place).

import type { Readable } from 'node:stream';
import type { Logger } from '../log/logger.ts';
import type { PayloadMode } from '../signer/sigv4/index.ts';
import type { BucketInfo, ObjectStore } from '../store/index.ts';
import type { PolicyDecision } from './policy/index.ts';
import type { S3Operation, S3Route } from './route-s3-request.ts';
import type { S3Config } from './s3-config.ts';

export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly accessKeyId: string; readonly form: 'header' | 'presigned' }
  | { readonly kind: 'origin-access'; readonly distributionId: string; readonly accessKeyId: string };

/** The request body after the aws-chunked framing and payload hash checks: the bytes the client meant. */
export type RequestBody = {
  readonly stream: Readable;
  /** Decoded length when the client declared one (Content-Length or x-amz-decoded-content-length). */
  readonly declaredLength: number | undefined;
  readonly streaming: boolean;
  /** Trailer values (lower-case names), available once `stream` has ended. */
  readonly trailers: () => ReadonlyMap<string, string>;
  /** The trailing checksum the payload decoder already verified (aws-chunked trailers), after the end. */
  readonly trailerChecksum: () => { readonly algorithm: string; readonly base64: string } | undefined;
};

/** `O` narrows the route value to the operation(s) a handler serves (dispatch-s3-operation.ts). */
export type S3Request<O extends S3Operation = S3Operation> = {
  readonly route: S3Route<O>;
  readonly header: (name: string) => string | undefined;
  readonly headerNames: () => readonly string[];
  readonly principal: Principal;
  readonly payload: PayloadMode;
  /** Opens the decoded body; call at most once. */
  readonly body: () => RequestBody;
  /** The bucket named by the request, already looked up (undefined for ListBuckets/CreateBucket or when missing). */
  readonly bucket: BucketInfo | undefined;
  /** What the bucket policy, Block Public Access and Object Ownership decided for this request. */
  readonly access: BucketAccess;
};

export type S3Deps = {
  readonly store: ObjectStore;
  readonly config: S3Config;
  readonly logger: Logger;
  readonly now: () => Date;
};

export type S3Response = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer | Readable;
};

export const OWNER = {
  ID: '02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4',
  DisplayName: 'frontgate',
};

/** What the bucket's access settings decided; the ACL rules and GetObject read it. */
export type BucketAccess = {
  /** The bucket policy's verdict on this request (`None` without a policy or an applicable statement). */
  readonly policy: PolicyDecision['effect'];
  /** False when IgnorePublicAcls or BucketOwnerEnforced make ACL grants to everyone count for nothing. */
  readonly publicAclsApply: boolean;
  /** Whether the policy lets this requester s3:ListBucket (404 rather than 403 for a missing key). */
  readonly policyAllowsList: () => boolean;
  /**
   * For requests naming several keys (DeleteObjects): whether `action` on `key` is refused, by a Deny or,
   * for callers other than the owner, for want of an Allow or an ACL grant.
   */
  readonly deniesObject: (action: string, key: string) => boolean;
};
