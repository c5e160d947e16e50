// One AWS endpoint for two services: a request whose SigV4 credential scope names `cloudfront` (or, signed
// with SigV4A, `cloudfront-keyvaluestore`) goes to the CloudFront control API, everything else (signed for `s3`, or anonymous) to the S3 API. The path cannot
// tell them apart: `/2020-05-31/…` is also a valid bucket name and key.

import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The service of the credential scope (`AKID/20260101/us-east-1/cloudfront/aws4_request`), if signed. */
export function signedService(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  let credential: string | undefined;
  if (typeof authorization === 'string') credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  else {
    const target = req.url ?? '';
    const query = target.indexOf('?') < 0 ? '' : target.slice(target.indexOf('?') + 1);
    const raw = /(?:^|&)X-Amz-Credential=([^&]*)/.exec(query)?.[1];
    if (raw !== undefined) {
      try {
        credential = decodeURIComponent(raw);
      } catch {
        credential = undefined;
      }
    }
  }
  const scope = credential?.split('/');
  // SigV4A scopes carry no region: `AKID/20260101/cloudfront-keyvaluestore/aws4_request`.
  return scope?.length === 4 ? scope[2] : scope?.[3];
}

export function dispatchByService(handlers: {
  readonly s3: Handler;
  readonly cloudfront?: Handler;
}): Handler {
  const { s3, cloudfront } = handlers;
  if (cloudfront === undefined) return s3;
  return (req, res) => {
    const service = signedService(req);
    return service === 'cloudfront' || service === 'cloudfront-keyvaluestore'
      ? cloudfront(req, res)
      : s3(req, res);
  };
}
