// Credentials the edge signs origin requests with when an origin uses origin access control, and the
// store accepts as "CloudFront, for distribution X". Derived from a per-process secret, so nothing is
// written to disk and both sides of one process agree.

import { createHmac, randomBytes } from 'node:crypto';
import type { OriginAccessCredential } from '../s3/index.ts';

/** Both ends of origin access control in one process: the edge signs with one, the store checks with the other. */
export type OriginAccessKeyring = {
  readonly forDistribution: (distributionId: string) => OriginAccessCredential;
  /** Reverse lookup for the store: which distribution an access key id belongs to, if any. */
  readonly byAccessKeyId: (accessKeyId: string) => OriginAccessCredential | undefined;
};

const PREFIX = 'FGOAC';

export function createOriginAccessCredentials(secret: Buffer = randomBytes(32)): OriginAccessKeyring {
  const forDistribution = (distributionId: string): OriginAccessCredential => ({
    distributionId,
    accessKeyId: `${PREFIX}${distributionId}`,
    secretAccessKey: createHmac('sha256', secret).update(distributionId).digest('base64url'),
  });
  return {
    forDistribution,
    byAccessKeyId: (accessKeyId) =>
      accessKeyId.startsWith(PREFIX) && accessKeyId.length > PREFIX.length
        ? forDistribution(accessKeyId.slice(PREFIX.length))
        : undefined,
  };
}
