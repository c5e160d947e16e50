// The error family for AWS-shaped edge configuration (distributions, policies, key groups): a ConfigError
// that also carries the CloudFront API error code the real control plane would have answered with.

import { ConfigError } from '../../config/config-error.ts';

/** CloudFront 2020-05-31 error codes we emit while validating configs (AWS: "Amazon CloudFront API Reference"). */
export type DistributionConfigErrorCode =
  | 'InvalidArgument'
  | 'InvalidFunctionAssociation'
  | 'NoSuchFunctionExists'
  | 'InconsistentQuantities'
  | 'MissingBody'
  | 'NoSuchCachePolicy'
  | 'NoSuchOriginRequestPolicy'
  | 'NoSuchResponseHeadersPolicy'
  | 'NoSuchOrigin'
  | 'NoSuchPublicKey'
  | 'TrustedKeyGroupDoesNotExist'
  | 'TrustedSignerDoesNotExist'
  | 'InvalidTTLOrder'
  | 'InvalidDefaultRootObject'
  | 'InvalidErrorCode'
  | 'InvalidResponseCode'
  | 'InvalidOriginReadTimeout'
  | 'InvalidOriginKeepaliveTimeout'
  | 'InvalidOriginAccessControl'
  | 'IllegalOriginAccessConfiguration'
  | 'InvalidHeadersForS3Origin'
  | 'TooManyCacheBehaviors'
  | 'TooManyOrigins'
  | 'TooManyTrustedSigners'
  | 'TooManyPublicKeysInKeyGroup'
  | 'TooManyHeadersInCachePolicy'
  | 'TooManyCookiesInCachePolicy'
  | 'TooManyQueryStringsInCachePolicy'
  | 'TooManyHeadersInOriginRequestPolicy'
  | 'TooManyCookiesInOriginRequestPolicy'
  | 'TooManyQueryStringsInOriginRequestPolicy'
  | 'TooManyCustomHeadersInResponseHeadersPolicy'
  | 'TooManyRemoveHeadersInResponseHeadersPolicy'
  | 'TooLongCSPInResponseHeadersPolicy'
  | 'TooManyOriginCustomHeaders'
  | 'CNAMEAlreadyExists'
  | 'DistributionAlreadyExists';

export class DistributionConfigError extends ConfigError {
  readonly code: DistributionConfigErrorCode;
  /** The reason without path, code or source, e.g. `must be a string`. */
  readonly reason: string;
  /** Where the document came from (a file path, `inline`), when known. */
  readonly source: string | undefined;
  constructor(
    jsonPath: string,
    code: DistributionConfigErrorCode,
    reason: string,
    options?: ErrorOptions & { readonly source?: string },
  ) {
    super(
      jsonPath,
      `${reason} (${code})${options?.source === undefined ? '' : ` in ${options.source}`}`,
      options,
    );
    this.code = code;
    this.reason = reason;
    this.source = options?.source;
  }

  /** The same error, attributed to a document (file name) and optionally moved under a parent JSON path. */
  withSource(source: string, parentPath?: string): DistributionConfigError {
    const jsonPath = parentPath === undefined ? this.jsonPath : `${parentPath}.${this.jsonPath}`;
    return new DistributionConfigError(jsonPath, this.code, this.reason, { source, cause: this.cause });
  }
}
