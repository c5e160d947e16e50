import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsonLogger, silentLogger } from './logger.ts';

test('the JSON logger writes one line per record at or above its level, with bound fields', () => {
  const lines: string[] = [];
  const logger = createJsonLogger((line) => lines.push(line), {
    level: 'warn',
    now: () => new Date('2026-11-24T00:00:00Z'),
  });
  logger.info('quiet', { a: 1 });
  logger.child({ component: 'edge' }).warn('loud', { a: 2 });
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]!), {
    time: '2026-11-24T00:00:00.000Z',
    level: 'warn',
    event: 'loud',
    component: 'edge',
    a: 2,
  });
  assert.equal(logger.isEnabled('info'), false);
  assert.equal(logger.child({}).isEnabled('error'), true);
  assert.equal(silentLogger.isEnabled('error'), false);
});

test('secrets are redacted: Authorization, signatures, policies and CloudFront-* cookie values', () => {
  const lines: string[] = [];
  const logger = createJsonLogger((line) => lines.push(line));
  logger.info('request', {
    headers: {
      authorization: 'AWS4-HMAC-SHA256 Credential=…',
      cookie: 'CloudFront-Policy=eyJ; CloudFront-Signature=abc; theme=dark; CloudFront-Key-Pair-Id=K2',
    },
    query: { Signature: 'xyz', page: '2' },
  });
  const record = JSON.parse(lines[0]!);
  assert.equal(record.headers.authorization, '[redacted]');
  assert.equal(
    record.headers.cookie,
    'CloudFront-Policy=[redacted]; CloudFront-Signature=[redacted]; theme=dark; CloudFront-Key-Pair-Id=K2',
  );
  assert.equal(record.query.Signature, '[redacted]');
  assert.equal(record.query.page, '2');
});
