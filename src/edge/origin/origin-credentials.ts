// The access key pair the edge signs an external S3 endpoint's requests with (config `edge.origins`, `s3`
// form). The secret is a non-enumerable property, so JSON.stringify, object spread, util.inspect and
// structured logging of a snapshot never carry it; only the SigV4 signer reads it by name.

import { inspect } from 'node:util';
import type { SigV4Credentials } from '../../signer/sigv4/index.ts';

export const REDACTED = '[redacted]';

export function concealedCredentials(accessKeyId: string, secretAccessKey: string): SigV4Credentials {
  const credentials = {};
  const shown = { accessKeyId, secretAccessKey: REDACTED };
  Object.defineProperties(credentials, {
    accessKeyId: { value: accessKeyId, enumerable: true },
    secretAccessKey: { value: secretAccessKey, enumerable: false },
    toJSON: { value: () => shown, enumerable: false },
    [inspect.custom]: { value: () => `OriginCredentials ${inspect(shown)}`, enumerable: false },
  });
  return Object.freeze(credentials) as SigV4Credentials;
}
