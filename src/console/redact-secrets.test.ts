import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redactHeader, redactSecrets } from './redact-secrets.ts';

test('cookie values are redacted and cookie names kept, in Cookie and Set-Cookie headers', () => {
  assert.equal(
    redactHeader('Cookie', 'CloudFront-Policy=eyJTdGF0; CloudFront-Signature=abc~def'),
    `CloudFront-Policy=${REDACTED}; CloudFront-Signature=${REDACTED}`,
  );
  assert.equal(
    redactHeader('set-cookie', 'CloudFront-Signature=abc~def; Domain=.junlog.dev; Path=/; Secure'),
    `CloudFront-Signature=${REDACTED}; Domain=.junlog.dev; Path=/; Secure`,
  );
});

test('a SigV4 Authorization header keeps its scheme and signed headers, never the credential or signature', () => {
  const value =
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261205/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef';
  const redacted = redactHeader('Authorization', value);
  assert.equal(redacted, `AWS4-HMAC-SHA256 ${REDACTED} (SignedHeaders=host;x-amz-date)`);
  assert.doesNotMatch(redacted, /AKIDEXAMPLE|deadbeef/);
});

test('signed URL and presigned URL parameters are redacted inside any string', () => {
  const target =
    '/v/a.json?Expires=1&Signature=s1gn~x&Key-Pair-Id=K1&Policy=p0l&X-Amz-Signature=ff&X-Amz-Credential=AKID%2F';
  const out = redactSecrets({ rawTarget: target });
  assert.equal(
    out.rawTarget,
    `/v/a.json?Expires=1&Signature=${REDACTED}&Key-Pair-Id=K1&Policy=${REDACTED}&X-Amz-Signature=${REDACTED}&X-Amz-Credential=${REDACTED}`,
  );
});

test('header pairs, cache-key cookies and secret-named fields are redacted deep inside a trace', () => {
  const trace = {
    entries: [
      {
        stage: 'origin-request',
        headers: [
          ['cookie', 'session=s3cr3t'],
          ['x-amz-security-token', 'tok'],
          ['host', 'h'],
        ],
      },
      {
        stage: 'cache-lookup',
        keyParts: { cookies: [['session', 's3cr3t']], headers: [['origin', 'https://a']] },
      },
      {
        stage: 'check-signed-access',
        detail: { via: 'cookie', policy: 'custom', signature: 'abc', secretAccessKey: 'x' },
      },
    ],
  };
  const out = redactSecrets(trace);
  assert.doesNotMatch(JSON.stringify(out), /s3cr3t|"tok"|"abc"|"x"/);
  assert.deepEqual(out.entries[0]!.headers, [
    ['cookie', `session=${REDACTED}`],
    ['x-amz-security-token', REDACTED],
    ['host', 'h'],
  ]);
  assert.deepEqual(out.entries[1]!.keyParts!.headers, [['origin', 'https://a']]);
  assert.equal(out.entries[2]!.detail!.policy, 'custom', 'the policy kind is not a secret');
  assert.equal(out.entries[2]!.detail!.via, 'cookie');
});
