import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createPublicKeyId, generateKeyPair } from './generate-key-pair.ts';
import { PublicKeyFormatError, parsePublicKeyPem } from './parse-public-key-pem.ts';

const spki = (key: { publicKey: { export: (o: { type: 'spki'; format: 'pem' }) => string | Buffer } }) =>
  key.publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('parsePublicKeyPem', () => {
  it('accepts SPKI RSA-2048 and EC P-256 keys from generateKeyPair', async () => {
    assert.equal(
      parsePublicKeyPem((await generateKeyPair({ type: 'rsa' })).publicKeyPem).asymmetricKeyType,
      'rsa',
    );
    assert.equal(
      parsePublicKeyPem((await generateKeyPair({ type: 'ecdsa' })).publicKeyPem).asymmetricKeyDetails
        ?.namedCurve,
      'prime256v1',
    );
  });

  it('refuses other sizes, curves, types and formats with a message saying what is accepted', () => {
    const cases: [string, RegExp][] = [
      [spki(generateKeyPairSync('rsa', { modulusLength: 1024 })), /RSA key is 1024 bits/],
      [spki(generateKeyPairSync('ec', { namedCurve: 'secp384r1' })), /curve secp384r1/],
      [spki(generateKeyPairSync('ed25519')), /ed25519 keys are not accepted/],
      [
        generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
          type: 'pkcs1',
          format: 'pem',
        }) as string,
        /PKCS#1/,
      ],
      [
        generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }) as string,
        /private key/,
      ],
      ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', /cannot be read/],
      ['hello', /expected a PEM public key/],
    ];
    for (const [pem, message] of cases) {
      assert.throws(
        () => parsePublicKeyPem(pem),
        (error: unknown) =>
          error instanceof PublicKeyFormatError &&
          error.code === 'InvalidArgument' &&
          message.test(error.message),
      );
    }
  });
});

describe('createPublicKeyId', () => {
  it('makes K followed by 13 upper-case letters or digits', () => {
    assert.match(createPublicKeyId(), /^K[A-Z0-9]{13}$/);
    assert.equal(
      createPublicKeyId(() => 35),
      `K${'9'.repeat(13)}`,
    );
    assert.notEqual(createPublicKeyId(), createPublicKeyId());
  });
});
