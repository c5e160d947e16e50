import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4a } from '@aws-sdk/signature-v4a';
import { SigV4aError, verifySigV4aRequest } from './verify-sigv4a.ts';

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The hash constructor the SDK's signers take (HMAC when given a key). */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const credentials = { accessKeyId: 'AKIDSIGV4ATEST', secretAccessKey: 'sigv4a-test-secret' };
const now = new Date('2026-12-05T09:00:00Z');

async function signed(body: string) {
  const signer = new SignatureV4a({
    credentials,
    region: '*',
    service: 'cloudfront-keyvaluestore',
    sha256: Sha256,
  });
  const request = await signer.sign(
    {
      method: 'PUT',
      protocol: 'http:',
      hostname: '123456789012.localhost',
      path: '/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A123456789012%3Akey-value-store%2Fabc/keys/a%2Fb',
      query: {},
      headers: { host: '123456789012.localhost', 'content-type': 'application/json', 'if-match': 'E1' },
      body,
    },
    { signingDate: now },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = String(value);
  return { method: 'PUT', rawPath: request.path, rawQuery: '', headers, body: Buffer.from(body) };
}

const options = {
  service: 'cloudfront-keyvaluestore',
  lookupSecret: (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
  now,
};

test('a request the SDK signed with SigV4A verifies, with its access key id', async () => {
  assert.equal(verifySigV4aRequest(await signed('{"Value":"v"}'), options), credentials.accessKeyId);
});

test('a changed body or a changed signed header fails SigV4A verification', async () => {
  const request = await signed('{"Value":"v"}');
  assert.throws(
    () => verifySigV4aRequest({ ...request, body: Buffer.from('{"Value":"w"}') }, options),
    (e: unknown) => e instanceof SigV4aError && e.code === 'InvalidSignatureException',
  );
  assert.throws(
    () => verifySigV4aRequest({ ...request, headers: { ...request.headers, 'if-match': 'E2' } }, options),
    (e: unknown) => e instanceof SigV4aError && e.code === 'InvalidSignatureException',
  );
});

test('a SigV4A request too far from the server clock is RequestExpired', async () => {
  const request = await signed('{}');
  assert.throws(
    () => verifySigV4aRequest(request, { ...options, now: new Date(now.getTime() + 20 * 60 * 1000) }),
    (e: unknown) => e instanceof SigV4aError && e.code === 'RequestExpired',
  );
});
