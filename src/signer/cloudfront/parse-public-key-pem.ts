// Parses a CloudFront public key (AWS: "Create key pairs for your signers", docs/decisions/): SPKI PEM (`BEGIN PUBLIC KEY`) holding
// RSA-2048 or ECDSA P-256; anything else is refused with a message saying what was found and what is accepted.

import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export class PublicKeyFormatError extends Error {
  override readonly name = 'PublicKeyFormatError';
  /** CloudFront's CreatePublicKey answers InvalidArgument for keys it does not accept. */
  readonly code = 'InvalidArgument';
}

const SPKI_PEM = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/;

export function parsePublicKeyPem(pem: string): KeyObject {
  const text = pem.trim();
  if (/-----BEGIN RSA PUBLIC KEY-----/.test(text)) {
    throw new PublicKeyFormatError(
      'the key is PKCS#1 ("BEGIN RSA PUBLIC KEY"); CloudFront wants SPKI ("BEGIN PUBLIC KEY"): convert with `openssl rsa -RSAPublicKey_in -in key.pem -pubout`',
    );
  }
  if (/PRIVATE KEY-----/.test(text)) {
    throw new PublicKeyFormatError(
      'this is a private key; register the public key (`openssl pkey -in private.pem -pubout`) and keep the private key secret',
    );
  }
  if (!SPKI_PEM.test(text))
    throw new PublicKeyFormatError('expected a PEM public key ("-----BEGIN PUBLIC KEY-----")');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (error) {
    throw new PublicKeyFormatError(`the PEM public key cannot be read: ${(error as Error).message}`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    if (details.modulusLength !== 2048) {
      throw new PublicKeyFormatError(
        `RSA key is ${details.modulusLength} bits; CloudFront accepts RSA 2048-bit or ECDSA P-256 keys`,
      );
    }
    return key;
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve !== 'prime256v1') {
      throw new PublicKeyFormatError(
        `EC key is on curve ${details.namedCurve}; CloudFront accepts ECDSA P-256 (prime256v1) or RSA 2048-bit keys`,
      );
    }
    return key;
  }
  throw new PublicKeyFormatError(
    `${key.asymmetricKeyType} keys are not accepted; CloudFront accepts RSA 2048-bit or ECDSA P-256 keys`,
  );
}
