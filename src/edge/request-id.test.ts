import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequestId, createRequestIdSource } from './request-id.ts';

const ID_SHAPE = /^[A-Za-z0-9_-]{54}==$/;

test('a request id is 40 bytes of url-safe base64 with the == padding kept (56 characters)', () => {
  const bytes = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 37 + 251) % 256));
  const id = createRequestId(() => bytes);
  assert.equal(id, bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_'));
  assert.match(id, ID_SHAPE);
});

test('a request-id source hands out distinct well-formed ids across pool refills', () => {
  const next = createRequestIdSource(4);
  const ids = Array.from({ length: 50 }, () => next());
  for (const id of ids) assert.match(id, ID_SHAPE);
  assert.equal(new Set(ids).size, ids.length);
});
