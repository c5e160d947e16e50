import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWorkerAcknowledgements } from './worker-acknowledgements.ts';

test('an invalidation is applied only once every slot has acknowledged it, at the last acknowledgement', async () => {
  let now = 100;
  const acks = createWorkerAcknowledgements({ slots: 3, nowMs: () => now });
  const change = { kind: 'invalidation', id: 'I1' } as const;
  acks.expectInvalidation('I1');
  let resolved = false;
  const done = acks.whenAllWorkersApplied(change).then(() => {
    resolved = true;
  });
  acks.acknowledgeInvalidation(1, 'I1');
  acks.acknowledgeInvalidation(3, 'I1');
  acks.acknowledgeInvalidation(3, 'I1');
  await Promise.resolve();
  assert.equal(acks.isApplied(change), false);
  assert.equal(resolved, false);
  assert.deepEqual(acks.invalidationsOwedBy(2), ['I1']);
  assert.deepEqual(acks.invalidationsOwedBy(1), []);
  now = 250;
  acks.acknowledgeInvalidation(2, 'I1');
  await done;
  assert.equal(acks.appliedAtMs(change), 250);
  assert.deepEqual(acks.invalidationsOwedBy(2), []);
});

test('a slot that applied a newer config version has applied every older one', async () => {
  const acks = createWorkerAcknowledgements({ slots: 2, nowMs: () => 7 });
  assert.equal(acks.isApplied({ kind: 'config', version: 0 }), true, 'the start-up config is applied');
  const second = acks.whenAllWorkersApplied({ kind: 'config', version: 2 });
  acks.acknowledgeConfig(1, 2);
  assert.equal(acks.isApplied({ kind: 'config', version: 1 }), false, 'slot 2 has not reloaded yet');
  acks.acknowledgeConfig(2, 3);
  await second;
  assert.equal(acks.isApplied({ kind: 'config', version: 1 }), true);
  assert.equal(acks.isApplied({ kind: 'config', version: 3 }), false, 'slot 1 is still on version 2');
});

test('an acknowledgement for an invalidation that was never sent changes nothing', () => {
  const acks = createWorkerAcknowledgements({ slots: 1, nowMs: () => 1 });
  acks.acknowledgeInvalidation(1, 'IUNKNOWN');
  assert.equal(acks.isApplied({ kind: 'invalidation', id: 'IUNKNOWN' }), false);
});
