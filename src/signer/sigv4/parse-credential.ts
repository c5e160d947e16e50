// Parses the parts of a SigV4 signature that both forms share — the credential scope
// (`AKID/YYYYMMDD/REGION/SERVICE/aws4_request`) and the signed header list — with S3's error for each form
// (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"): AuthorizationHeaderMalformed for the header, AuthorizationQueryParametersError for a URL.

import { SigV4Error } from './sigv4-error.ts';
import type { VerifySigV4Options } from './sigv4-types.ts';

export type AuthForm = 'header' | 'presigned';

export type Credential = {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
};

export function malformed(
  form: AuthForm,
  detail: string,
  fields: ReadonlyArray<readonly [string, string]> = [],
): SigV4Error {
  return form === 'header'
    ? new SigV4Error(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; ${detail}`,
        fields,
      )
    : new SigV4Error(
        'AuthorizationQueryParametersError',
        `Error parsing the X-Amz-Credential parameter; ${detail}`,
        fields,
      );
}

export function parseCredential(value: string, form: AuthForm, options: VerifySigV4Options): Credential {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[0] === '' || !/^\d{8}$/.test(parts[1]) || parts[2] === '') {
    throw malformed(
      form,
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  const [accessKeyId, date, region, service, terminal] = parts;
  if (options.expectedRegion !== undefined && region !== options.expectedRegion) {
    throw malformed(form, `the region '${region}' is wrong; expecting '${options.expectedRegion}'`, [
      ['Region', options.expectedRegion],
    ]);
  }
  if (service !== options.service) {
    throw malformed(form, `incorrect service "${service}". This endpoint belongs to "${options.service}".`);
  }
  if (terminal !== 'aws4_request') {
    throw malformed(form, `incorrect terminal "${terminal}". This endpoint uses "aws4_request".`);
  }
  return { accessKeyId, date, region, service };
}

export function parseSignedHeaders(value: string, form: AuthForm): string[] {
  const names = value.split(';');
  if (names.some((n) => n === '' || n !== n.toLowerCase())) {
    throw form === 'header'
      ? malformed(form, 'the SignedHeaders component is not well-formed.')
      : new SigV4Error('AuthorizationQueryParametersError', 'X-Amz-SignedHeaders is not well-formed.');
  }
  if (!names.includes('host')) {
    // decision docs/decisions/sigv4-verification-choices.md: `host` must always be signed.
    throw form === 'header'
      ? malformed(form, 'the SignedHeaders component must include host.')
      : new SigV4Error('AuthorizationQueryParametersError', 'X-Amz-SignedHeaders must include host.');
  }
  return names;
}
