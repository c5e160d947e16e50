// The console line Chromium prints when it blocks a cross-origin fetch, rebuilt from its parts. The wording
// follows Chromium's blink `cors_error_string.cc` (GetErrorString) for an initiator of type `fetch`.

/** Chromium's CORS error kinds the doctor can produce (names from network::mojom::CorsError). */
export type ChromiumCorsError =
  | 'MissingAllowOriginHeader'
  | 'WildcardOriginNotAllowed'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'InvalidAllowCredentials'
  | 'PreflightInvalidStatus'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'PreflightDisallowedRedirect';

// Appended by Chromium to the value-related ACAO errors. Chromium 156 (checked by test/browser) no longer adds
// the older "…or, if an opaque response serves your needs, set the request's mode to 'no-cors'…" advice.
const NO_CORS_INFORMATION = ' Have the server send the header with a valid value.';

/** The sentence after "has been blocked by CORS policy: " (without the preflight prefix). */
export function renderCorsErrorReason(error: ChromiumCorsError, hint = ''): string {
  switch (error) {
    case 'MissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'WildcardOriginNotAllowed':
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
    case 'MultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.${NO_CORS_INFORMATION}`;
    case 'InvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.${NO_CORS_INFORMATION}`;
    case 'AllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.${NO_CORS_INFORMATION}`;
    case 'InvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.`;
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`;
  }
}

/**
 * The full console message: `Access to fetch at 'URL' from origin 'ORIGIN' has been blocked by CORS policy: …`.
 * ACAO/ACAC and status errors found on a preflight carry Chromium's preflight prefix (IsPreflightError);
 * method/header errors do not.
 */
export function renderChromiumCorsMessage(input: {
  readonly url: string;
  readonly pageOrigin: string;
  readonly error: ChromiumCorsError;
  readonly hint?: string;
  readonly onPreflight: boolean;
}): string {
  const prefixed =
    input.onPreflight &&
    input.error !== 'MethodDisallowedByPreflightResponse' &&
    input.error !== 'HeaderDisallowedByPreflightResponse' &&
    input.error !== 'InvalidAllowMethodsPreflightResponse' &&
    input.error !== 'InvalidAllowHeadersPreflightResponse';
  return (
    `Access to fetch at '${input.url}' from origin '${input.pageOrigin}' has been blocked by CORS policy: ` +
    (prefixed ? "Response to preflight request doesn't pass access control check: " : '') +
    renderCorsErrorReason(input.error, input.hint)
  );
}
