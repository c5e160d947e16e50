// Makes a key pair CloudFront accepts (RSA-2048 or ECDSA P-256) as PEM text, and CloudFront-style public
// key ids (`K` + 13 upper-case letters and digits, like `K2JCJMDEHXQW5F`, AWS: "Specify signers that can create signed URLs and signed cookies").

import { generateKeyPair as generateNodeKeyPair, randomInt } from 'node:crypto';

export type CloudFrontKeyType = 'rsa' | 'ecdsa';
export type GeneratedKeyPair = {
  readonly type: CloudFrontKeyType;
  /** PKCS#8 PEM (`BEGIN PRIVATE KEY`), unencrypted: store it with mode 0600. */
  readonly privateKeyPem: string;
  /** SPKI PEM (`BEGIN PUBLIC KEY`), what CloudFront's `EncodedKey` holds. */
  readonly publicKeyPem: string;
};

function generateRsa(): Promise<{ publicKey: string; privateKey: string }> {
  return new Promise((resolve, reject) => {
    generateNodeKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })),
    );
  });
}

function generateEcdsa(): Promise<{ publicKey: string; privateKey: string }> {
  return new Promise((resolve, reject) => {
    generateNodeKeyPair(
      'ec',
      {
        namedCurve: 'prime256v1',
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })),
    );
  });
}

export async function generateKeyPair(
  options: { readonly type?: CloudFrontKeyType } = {},
): Promise<GeneratedKeyPair> {
  const type = options.type ?? 'rsa';
  const pair = type === 'rsa' ? await generateRsa() : type === 'ecdsa' ? await generateEcdsa() : undefined;
  if (pair === undefined)
    throw new TypeError(`unknown key type ${JSON.stringify(type)} (expected rsa or ecdsa)`);
  return { type, privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `randomIndex(n)` returns an integer in [0, n); injectable for deterministic tests. */
export function createPublicKeyId(randomIndex: (n: number) => number = randomInt): string {
  let id = 'K';
  for (let i = 0; i < 13; i++) id += ID_ALPHABET[randomIndex(ID_ALPHABET.length)];
  return id;
}
