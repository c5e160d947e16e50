import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createS3RequestIdSource } from './request-ids.ts';

test('request ids look like S3 ids and never repeat across pool refills', () => {
  const next = createS3RequestIdSource(4);
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const { requestId, hostId } = next();
    assert.match(requestId, /^[0-9A-F]{16}$/);
    assert.equal(Buffer.from(hostId, 'base64').length, 32);
    assert.ok(!seen.has(requestId) && !seen.has(hostId));
    seen.add(requestId).add(hostId);
  }
});
