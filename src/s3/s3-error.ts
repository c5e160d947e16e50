// The one S3 error class: a catalog code plus optional message override, extra XML members and headers.
// Thrown anywhere in the S3 pipeline and rendered in one place (render-s3-error.ts).

import { S3_ERROR_CODES, type S3ErrorCode } from './error-codes.ts';

export type S3ErrorOptions = {
  readonly message?: string;
  /** Extra elements between `<Message>` and `<RequestId>`, in this order (undefined values skipped). */
  readonly extra?: Readonly<Record<string, string | number | undefined>>;
  /** Headers to send with the error (e.g. `Allow`, `x-amz-delete-marker`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the catalog status (used for errors relayed from another component with their own status). */
  readonly status?: number;
  readonly cause?: unknown;
};

export class S3Error extends Error {
  override readonly name = 'S3Error';
  readonly code: string;
  readonly status: number;
  readonly extra: Readonly<Record<string, string | number | undefined>>;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: S3ErrorCode, options: S3ErrorOptions = {}) {
    const entry = S3_ERROR_CODES[code];
    super(options.message ?? entry.message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? entry.status;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}
