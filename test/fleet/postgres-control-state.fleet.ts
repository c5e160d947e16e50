// The shared control-plane state in a real PostgreSQL: the same contract as the embedded database
// (src/control/state/control-database.test.ts), and what a fleet adds: a write on one edge reaches another
// through NOTIFY, an invalidation is Completed only once every live edge acknowledged it, an edge that stops
// heartbeating leaves the set after the live timeout, and migrations apply once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import {
  openSharedControlState,
  type SharedControlState,
} from '../../src/control/state/postgres-control-state.ts';
import { MIGRATIONS } from '../../src/control/state/postgres-migrations.ts';
import { startTestPostgres, type TestPostgres } from './postgres-support.ts';

const pg: TestPostgres = await startTestPostgres();
after(() => pg.stop());

const until = async (what: string, check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('control-plane state in PostgreSQL', { skip: pg.skip }, () => {
  const open: SharedControlState[] = [];
  const openState = async (edgeId: string, liveTimeoutMs = 10_000) => {
    const state = await openSharedControlState({
      url: pg.url as string,
      edgeId,
      liveTimeoutMs,
      pollIntervalMs: 200,
      onError: (what, error) => assert.fail(`${what}: ${error.message}`),
    });
    open.push(state);
    return state;
  };
  before(() => {});
  after(async () => {
    for (const state of open) await state.end();
  });

  it('keeps resources, tags and invalidations across close and reopen, like the embedded database', async () => {
    const db = await openState('contract');
    db.putResource({
      kind: 'distribution',
      id: 'E1',
      etag: 'EA',
      config: { Comment: 'one' },
      createdTime: '2026-01-01T00:00:00.000Z',
      lastModifiedTime: '2026-01-01T00:00:00.000Z',
    });
    db.putResource({
      kind: 'distribution',
      id: 'E1',
      etag: 'EB',
      config: { Comment: 'two' },
      createdTime: '2030-01-01T00:00:00.000Z',
      lastModifiedTime: '2026-02-01T00:00:00.000Z',
    });
    db.putTags('arn:1', [{ Key: 'b', Value: '2' }, { Key: 'a' }]);
    db.deleteTags('arn:1', ['b']);
    db.putInvalidation({
      distributionId: 'E1',
      id: 'I1',
      status: 'InProgress',
      createTime: '2026-01-01T00:00:00.000Z',
      callerReference: 'r',
      paths: ['/*'],
    });
    await db.end();

    const again = await openState('contract');
    const stored = again.getResource('distribution', 'E1');
    assert.equal(stored?.etag, 'EB');
    assert.deepEqual(stored?.config, { Comment: 'two' });
    assert.equal(stored?.createdTime, '2026-01-01T00:00:00.000Z', 'an update keeps the creation time');
    assert.deepEqual(again.listTags('arn:1'), [{ Key: 'a' }]);
    assert.deepEqual(
      again.invalidationsInProgress().map((i) => i.id),
      ['I1'],
    );
    again.putInvalidation({ ...again.getInvalidation('E1', 'I1')!, status: 'Completed' });
    assert.equal(again.invalidationsInProgress().length, 0);
    assert.equal(again.getInvalidation('E1', 'I1')?.status, 'Completed');
    again.deleteResource('distribution', 'E1');
    assert.equal(again.listResources('distribution').length, 0);
    await again.flushed();
    await again.end();
  });

  it('applies each schema migration once, however many edges open the database', async () => {
    const sql = postgres(pg.url as string, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ version: number }[]>`SELECT version FROM frontgate_schema_migrations`;
      assert.deepEqual(
        rows.map((r) => r.version),
        MIGRATIONS.map((m) => m.version),
      );
    } finally {
      await sql.end();
    }
  });

  it('hands a write on one edge to another through the change notification', async () => {
    const a = await openState('edge-a');
    const b = await openState('edge-b');
    let changes = 0;
    b.onChange(() => changes++);
    a.putResource({
      kind: 'key-group',
      id: 'KG1',
      etag: 'E1',
      config: { Name: 'g' },
      createdTime: '2026-01-01T00:00:00.000Z',
      lastModifiedTime: '2026-01-01T00:00:00.000Z',
    });
    await a.flushed();
    await until('edge b to see the key group', () => b.getResource('key-group', 'KG1')?.etag === 'E1');
    // The mirror is filled before the listeners run (the same re-read then reads the heartbeats): wait for them.
    await until('edge b to be told about the change', () => changes >= 1);
  });

  it('reports an invalidation Completed only once every live edge acknowledged it', async () => {
    const a = await openState('ack-a');
    const b = await openState('ack-b');
    await a.heartbeat({});
    await b.heartbeat({});
    await a.refresh();
    a.putInvalidation({
      distributionId: 'E9',
      id: 'I9',
      status: 'Completed',
      createTime: '2026-01-01T00:00:00.000Z',
      callerReference: 'r9',
      paths: ['/x'],
    });
    await a.flushed();
    assert.equal(a.getInvalidation('E9', 'I9')?.status, 'InProgress', 'edge b has not applied it yet');
    await until('edge b to see the invalidation', () =>
      b.invalidationsInProgress().some((i) => i.id === 'I9'),
    );
    b.putInvalidation({ ...b.getInvalidation('E9', 'I9')!, status: 'Completed' });
    await b.flushed();
    await until(
      'edge a to see both acknowledgements',
      () => a.getInvalidation('E9', 'I9')?.status === 'Completed',
    );
  });

  it('drops an edge that stops heartbeating from the set after the live timeout', async () => {
    const a = await openState('live-a', 1000);
    const silent = await openState('live-silent', 1000);
    await silent.heartbeat({ E5: 'OLD' });
    await a.refresh();
    assert.ok(a.otherLiveEdges().some((e) => e.edgeId === 'live-silent' && e.deployed.E5 === 'OLD'));
    await until(
      'the silent edge to drop out',
      () => !a.otherLiveEdges().some((e) => e.edgeId === 'live-silent'),
      4000,
    );
  });
});
