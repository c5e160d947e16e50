// The one error family of the SigV4 library: authentication and payload-integrity failures with S3's
// code, wire message, HTTP status and the extra XML elements S3 puts in the error body (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)").

export type SigV4ErrorCode =
  | 'AccessDenied'
  | 'AuthorizationHeaderMalformed'
  | 'AuthorizationQueryParametersError'
  | 'BadDigest'
  | 'IncompleteBody'
  | 'InvalidAccessKeyId'
  | 'InvalidArgument'
  | 'InvalidChunkSizeError'
  | 'InvalidRequest'
  | 'MalformedTrailerError'
  | 'MissingContentLength'
  | 'MissingSecurityHeader'
  | 'RequestTimeTooSkewed'
  | 'SignatureDoesNotMatch'
  | 'XAmzContentSHA256Mismatch';

const STATUS: Readonly<Record<SigV4ErrorCode, number>> = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  IncompleteBody: 400,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidChunkSizeError: 403,
  InvalidRequest: 400,
  MalformedTrailerError: 400,
  MissingContentLength: 411,
  MissingSecurityHeader: 400,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
};

/** Extra elements of the S3 `<Error>` body, in the order S3 writes them. */
export type ErrorFields = ReadonlyArray<readonly [name: string, value: string]>;

export class SigV4Error extends Error {
  readonly code: SigV4ErrorCode;
  readonly statusCode: number;
  readonly fields: ErrorFields;

  constructor(code: SigV4ErrorCode, message: string, fields: ErrorFields = []) {
    super(message);
    this.name = 'SigV4Error';
    this.code = code;
    this.statusCode = STATUS[code];
    this.fields = fields;
  }
}

export const MESSAGES = {
  signatureDoesNotMatch:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  invalidAccessKeyId: 'The AWS Access Key Id you provided does not exist in our records.',
  requestTimeTooSkewed: 'The difference between the request time and the current time is too large.',
  requestExpired: 'Request has expired',
  contentSha256Mismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  incompleteBody: 'You did not provide the number of bytes specified by the Content-Length HTTP header',
  unsupportedMechanism:
    'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
  missingContentLength: 'You must provide the Content-Length HTTP header.',
  malformedTrailer:
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
} as const;
