// Turns a CloudFront public key (`PublicKeyConfig.EncodedKey`, PEM) into a KeyObject the signature checker
// uses, refusing what CloudFront refuses: only RSA 2048 and ECDSA P-256 keys (AWS: "Create key pairs for your signers", docs/decisions/).

import { createPublicKey } from 'node:crypto';
import type { TrustedPublicKey } from './compiled-distribution.ts';
import { DistributionConfigError } from './distribution-config-error.ts';

/** `jsonPath` names the `EncodedKey` member the PEM came from. */
export function compilePublicKey(id: string, encodedKey: string, jsonPath: string): TrustedPublicKey {
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: encodedKey, format: 'pem' });
  } catch (error) {
    throw new DistributionConfigError(jsonPath, 'InvalidArgument', 'is not a PEM-encoded public key', {
      cause: error,
    });
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    if (details?.modulusLength !== 2048)
      throw new DistributionConfigError(
        jsonPath,
        'InvalidArgument',
        `RSA keys must be 2048-bit, this one is ${details?.modulusLength ?? 'of unknown size'}`,
      );
  } else if (key.asymmetricKeyType === 'ec') {
    if (details?.namedCurve !== 'prime256v1')
      throw new DistributionConfigError(
        jsonPath,
        'InvalidArgument',
        `EC keys must use P-256 (prime256v1), this one uses ${details?.namedCurve ?? 'an unknown curve'}`,
      );
  } else {
    throw new DistributionConfigError(
      jsonPath,
      'InvalidArgument',
      `${key.asymmetricKeyType ?? 'this'} keys are not accepted; use RSA 2048 or ECDSA P-256`,
    );
  }
  return Object.freeze({ id, key });
}
