// The one error family of CORS configuration parsing: S3's 400 answers to a bad PutBucketCors body,
// carrying the exact wire code and message (AWS: "PutBucketCors (Amazon S3 API Reference)"). The S3 API renders it as an S3 error document.

export type CorsConfigurationErrorCode = 'MalformedXML' | 'InvalidRequest';

/** S3's wire message for every schema-level failure (AWS: "PutBucketCors (Amazon S3 API Reference)"). */
export const MALFORMED_XML_MESSAGE =
  'The XML you provided was not well-formed or did not validate against our published schema';

export class CorsConfigurationError extends Error {
  readonly code: CorsConfigurationErrorCode;
  readonly status: 400 = 400;
  /** Why we refused it, for logs and the doctor; never sent on the wire (S3 only sends `message`). */
  readonly detail: string;

  constructor(code: CorsConfigurationErrorCode, message: string, detail: string = message) {
    super(message);
    this.name = 'CorsConfigurationError';
    this.code = code;
    this.detail = detail;
  }
}

const DETAIL_MAX_LENGTH = 200;

/** A `MalformedXML` error; `detail` says what was wrong. */
export function malformedXml(detail: string): CorsConfigurationError {
  // Parser messages can quote the hostile input itself; keep log lines short.
  const short = detail.length > DETAIL_MAX_LENGTH ? `${detail.slice(0, DETAIL_MAX_LENGTH)}…` : detail;
  return new CorsConfigurationError('MalformedXML', MALFORMED_XML_MESSAGE, short);
}

/** An `InvalidRequest` error with S3's wire message. */
export function invalidRequest(message: string): CorsConfigurationError {
  return new CorsConfigurationError('InvalidRequest', message);
}
