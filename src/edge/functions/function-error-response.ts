// The page CloudFront answers with when a function fails: 503 for an execution error or a throttled run,
// 502 when the function's output fails validation ("Restrictions on all edge functions": a disallowed
// header "fails CloudFront validation and CloudFront returns HTTP status code 502"). The reason lines are
// our wording (docs/errors-edge.md); the page is CloudFront's own error page.

import type { EdgeResponse } from '../edge-response.ts';
import { cloudFrontErrorResponse } from '../responses/cloudfront-error-page.ts';
import type { FunctionErrorType } from './run-function.ts';

export const FUNCTION_ERROR_REASONS: Readonly<Record<FunctionErrorType, string>> = {
  FunctionExecutionError:
    'The CloudFront function associated with the CloudFront distribution is invalid or could not run.',
  FunctionThrottledError:
    'The CloudFront function associated with the CloudFront distribution exceeded its maximum allowed compute time.',
  FunctionValidationError: 'The CloudFront function returned an invalid value to CloudFront.',
};

export function functionErrorStatus(error: FunctionErrorType): number {
  return error === 'FunctionValidationError' ? 502 : 503;
}

/** The error page; X-Cache names the error (`FunctionExecutionError from cloudfront`), as CloudFront does for
 *  Lambda@Edge failures, and the access log carries it as x-edge-detailed-result-type. */
export function functionErrorResponse(error: FunctionErrorType, requestId: string): EdgeResponse {
  return {
    ...cloudFrontErrorResponse(functionErrorStatus(error), FUNCTION_ERROR_REASONS[error], requestId, error),
    xCacheResult: error,
  };
}
