// The control-plane state shared by a fleet of edges in PostgreSQL (`state: { "postgres": "postgres://…" }`).
// Every edge keeps a mirror of the tables in memory, so the API reads it synchronously like the embedded
// database; writes change the mirror at once and are committed in order (the API awaits `flushed` before it
// answers a change to a distribution or an invalidation). A write bumps `state_version` and NOTIFYs; every
// edge LISTENs and also re-reads on an interval, so a missed notification only delays a change by one tick.
// Each edge heartbeats the config ETags it serves and acknowledges the invalidations it applied; an
// invalidation is Completed once every live edge has acknowledged it. See docs/decisions/fleet-state.md.

import postgres from 'postgres';
import type { Sql } from 'postgres';
import { CloudFrontError } from '../cloudfront-error.ts';
import type {
  ControlDatabase,
  ResourceKind,
  StoredInvalidation,
  StoredResource,
} from './control-database.ts';
import { migrate } from './postgres-migrations.ts';

export type FleetEdge = {
  readonly edgeId: string;
  /** Distribution id → the config ETag that edge's running snapshot serves. */
  readonly deployed: Readonly<Record<string, string>>;
};

/** One edge of the fleet as PostgreSQL has it: what the console shows. */
export type FleetEdgeStatus = {
  readonly edgeId: string;
  readonly lastHeartbeat: string;
  /** Distribution id → the config ETag the edge reported serving in that heartbeat. */
  readonly deployed: Readonly<Record<string, string>>;
  /** Heartbeated within the live timeout: Deployed and Completed wait for it. */
  readonly live: boolean;
  /** Stored invalidations this edge has not acknowledged (it applies them when it runs again). */
  readonly invalidationsNotApplied: number;
};

export type SharedControlState = ControlDatabase & {
  readonly edgeId: string;
  /**
   * Resolves once every write made so far is committed; rejects with a 503 `ServiceUnavailable` CloudFrontError
   * when one of them failed (PostgreSQL unreachable): that write was undone in the mirror.
   */
  readonly flushed: () => Promise<void>;
  /** Called after a re-read found state written by any edge (this one included). */
  readonly onChange: (listener: () => void) => void;
  /** Records that this edge is alive and serves these distribution ETags. */
  readonly heartbeat: (deployed: Readonly<Record<string, string>>) => Promise<void>;
  /** The other edges that heartbeated within the live timeout, as of the last re-read. */
  readonly otherLiveEdges: () => readonly FleetEdge[];
  /** Every edge with a heartbeat row, live or departed (an edge that stops cleanly deletes its row). */
  readonly fleet: () => Promise<{ readonly liveTimeoutSeconds: number; readonly edges: FleetEdgeStatus[] }>;
  /** Re-reads now (also runs on every notification and every poll interval). */
  readonly refresh: () => Promise<void>;
  /** Leaves the fleet (deletes this edge's heartbeat) and closes the connections. */
  readonly end: () => Promise<void>;
};

export type SharedControlStateOptions = {
  readonly url: string;
  readonly edgeId: string;
  /** An edge whose last heartbeat is older than this is out of the set that must acknowledge. */
  readonly liveTimeoutMs?: number;
  readonly pollIntervalMs?: number;
  readonly onError?: (what: string, error: Error) => void;
};

type Mirror = {
  version: string;
  resources: Map<string, StoredResource>;
  tags: Map<string, Map<string, string | null>>;
  /** Oldest first. */
  invalidations: StoredInvalidation[];
};

const resourceKey = (kind: string, id: string): string => `${kind}\u0000${id}`;
const STATE_CHANNEL = 'frontgate_state';
const EDGES_CHANNEL = 'frontgate_edges';

export async function openSharedControlState(
  options: SharedControlStateOptions,
): Promise<SharedControlState> {
  const liveSeconds = (options.liveTimeoutMs ?? 10_000) / 1000;
  const onError = options.onError ?? (() => {});
  const edgeId = options.edgeId;
  const sql: Sql = postgres(options.url, { max: 3, onnotice: () => {}, connect_timeout: 10 });
  try {
    await migrate(sql);
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
  const mirror: Mirror = { version: '', resources: new Map(), tags: new Map(), invalidations: [] };
  let otherEdges: FleetEdge[] = [];
  /** Invalidation id → the edges that acknowledged it (this edge's own acks are added at once). */
  let acks = new Map<string, Set<string>>();
  const listeners: (() => void)[] = [];
  let chain: Promise<void> = Promise.resolve();
  let refreshQueued = false;
  /** Writes made to the mirror and not yet committed: a re-read meanwhile would undo them in the mirror. */
  let pendingWrites = 0;
  let writeSeq = 0;
  /** The deployed ETags this edge last announced with a notification. */
  let reportedDeployed = '';
  /** Sequence numbers of writes that failed and were not yet reported through `flushed`. */
  const failedWrites = new Set<number>();
  let closed = false;

  const readState = async (): Promise<boolean> => {
    const [row] = await sql<{ version: string }[]>`SELECT version::text AS version FROM state_version`;
    const changed = row?.version !== mirror.version && pendingWrites === 0;
    if (changed) {
      await sql.begin('isolation level repeatable read', async (tx) => {
        const [v] = await tx<{ version: string }[]>`SELECT version::text AS version FROM state_version`;
        const resources = await tx`SELECT * FROM resources`;
        const tags = await tx`SELECT arn, key, value FROM tags ORDER BY arn, key`;
        const invalidations = await tx`SELECT * FROM invalidations ORDER BY seq`;
        mirror.version = v?.version ?? '';
        mirror.resources = new Map(
          resources.map((r) => [
            resourceKey(r.kind, r.id),
            {
              kind: r.kind,
              id: r.id,
              etag: r.etag,
              config: JSON.parse(r.config_json),
              createdTime: r.created_time,
              lastModifiedTime: r.last_modified_time,
            },
          ]),
        );
        mirror.tags = new Map();
        for (const t of tags) {
          const forArn = mirror.tags.get(t.arn) ?? new Map<string, string | null>();
          forArn.set(t.key, t.value);
          mirror.tags.set(t.arn, forArn);
        }
        mirror.invalidations = invalidations.map((i) => ({
          distributionId: i.distribution_id,
          id: i.id,
          status: 'InProgress',
          createTime: i.create_time,
          callerReference: i.caller_reference,
          paths: JSON.parse(i.paths_json),
        }));
      });
    }
    const edges = await sql<{ edge_id: string; deployed_json: string }[]>`
      SELECT edge_id, deployed_json FROM edges
      WHERE last_seen > now() - make_interval(secs => ${liveSeconds}) AND edge_id <> ${edgeId}`;
    otherEdges = edges.map((e) => ({ edgeId: e.edge_id, deployed: JSON.parse(e.deployed_json) }));
    const ackRows = await sql<{ edge_id: string; invalidation_id: string }[]>`
      SELECT edge_id, invalidation_id FROM edge_invalidations
      WHERE edge_id = ${edgeId} OR edge_id IN ${sql(edges.length === 0 ? [''] : edges.map((e) => e.edge_id))}`;
    const next = new Map<string, Set<string>>();
    for (const a of ackRows)
      next.set(a.invalidation_id, (next.get(a.invalidation_id) ?? new Set()).add(a.edge_id));
    if (pendingWrites === 0) acks = next;
    return changed;
  };

  const refresh = (): Promise<void> => {
    if (refreshQueued || closed) return chain;
    refreshQueued = true;
    chain = chain
      .then(async () => {
        refreshQueued = false;
        if (await readState()) for (const listener of listeners) listener();
      })
      .catch((error: unknown) => onError('refresh', error as Error));
    return chain;
  };

  /**
   * Queues a write. When it fails, `undo` restores the mirror at once (so this edge does not keep serving a
   * change nobody else will see), the edge redeploys, and the next `flushed` reports the failure; everything is
   * re-read once PostgreSQL answers again.
   */
  const commit = (what: string, work: () => Promise<unknown>, undo?: () => void): void => {
    pendingWrites += 1;
    const seq = ++writeSeq;
    chain = chain
      .then(work)
      .then(() => undefined)
      .catch((error: unknown) => {
        onError(what, error as Error);
        mirror.version = '';
        if (undo === undefined) return;
        failedWrites.add(seq);
        undo();
        for (const listener of listeners) listener();
      })
      .finally(() => {
        pendingWrites -= 1;
        if (pendingWrites === 0) void refresh();
      });
  };

  const write = (what: string, work: (tx: Sql) => Promise<unknown>, undo: () => void): void =>
    commit(
      what,
      () =>
        sql.begin(async (tx) => {
          await work(tx as unknown as Sql);
          await tx`UPDATE state_version SET version = version + 1`;
          await tx`SELECT pg_notify(${STATE_CHANNEL}, ${edgeId})`;
        }),
      undo,
    );

  const ack = (invalidationId: string): void => {
    acks.set(invalidationId, (acks.get(invalidationId) ?? new Set()).add(edgeId));
    commit('acknowledge invalidation', async () => {
      try {
        await sql`INSERT INTO edge_invalidations (edge_id, invalidation_id) VALUES (${edgeId}, ${invalidationId})
          ON CONFLICT DO NOTHING`;
        await sql`SELECT pg_notify(${EDGES_CHANNEL}, ${edgeId})`;
      } catch (error) {
        // The purge is done; only its record is missing: record it again until PostgreSQL answers.
        if (!closed) setTimeout(() => ack(invalidationId), 1000).unref();
        throw error;
      }
    });
  };

  const restoreTags = (arn: string, previous: Map<string, string | null> | undefined): void => {
    if (previous === undefined) mirror.tags.delete(arn);
    else mirror.tags.set(arn, previous);
  };

  const withStatus = (i: StoredInvalidation): StoredInvalidation => {
    const by = acks.get(i.id);
    const done = by?.has(edgeId) === true && otherEdges.every((e) => by.has(e.edgeId));
    return { ...i, status: done ? 'Completed' : 'InProgress' };
  };

  const end = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    await chain;
    // An edge that stops cleanly leaves the set at once; one that dies leaves it after the live timeout.
    await sql`DELETE FROM edges WHERE edge_id = ${edgeId}`.catch(() => {});
    await sql.end({ timeout: 2 });
  };

  await readState();
  await sql.listen(STATE_CHANNEL, () => void refresh());
  await sql.listen(EDGES_CHANNEL, () => void refresh());
  const poll = setInterval(() => void refresh(), options.pollIntervalMs ?? 1000);
  poll.unref();

  return {
    edgeId,
    getResource: (kind: ResourceKind, id) => mirror.resources.get(resourceKey(kind, id)),
    listResources: (kind) =>
      [...mirror.resources.values()]
        .filter((r) => r.kind === kind)
        .sort((a, b) =>
          a.createdTime === b.createdTime ? (a.id < b.id ? -1 : 1) : a.createdTime < b.createdTime ? -1 : 1,
        ),
    putResource: (r) => {
      const key = resourceKey(r.kind, r.id);
      const existing = mirror.resources.get(key);
      const written = { ...r, createdTime: existing?.createdTime ?? r.createdTime };
      mirror.resources.set(key, written);
      write(
        'put resource',
        (tx) => tx`
        INSERT INTO resources (kind, id, etag, config_json, created_time, last_modified_time)
        VALUES (${r.kind}, ${r.id}, ${r.etag}, ${JSON.stringify(r.config)}, ${r.createdTime}, ${r.lastModifiedTime})
        ON CONFLICT (kind, id) DO UPDATE SET etag = excluded.etag, config_json = excluded.config_json,
          last_modified_time = excluded.last_modified_time`,
        () => {
          if (mirror.resources.get(key) !== written) return;
          if (existing === undefined) mirror.resources.delete(key);
          else mirror.resources.set(key, existing);
        },
      );
    },
    deleteResource: (kind, id) => {
      const key = resourceKey(kind, id);
      const existing = mirror.resources.get(key);
      mirror.resources.delete(key);
      write(
        'delete resource',
        (tx) => tx`DELETE FROM resources WHERE kind = ${kind} AND id = ${id}`,
        () => {
          if (existing !== undefined && !mirror.resources.has(key)) mirror.resources.set(key, existing);
        },
      );
    },
    listTags: (arn) =>
      [...(mirror.tags.get(arn) ?? new Map<string, string | null>()).entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([Key, value]) => (value === null ? { Key } : { Key, Value: value })),
    putTags: (arn, tags) => {
      const previous = mirror.tags.get(arn);
      const forArn = new Map(previous ?? []);
      for (const tag of tags) forArn.set(tag.Key, tag.Value ?? null);
      mirror.tags.set(arn, forArn);
      write(
        'put tags',
        async (tx) => {
          for (const tag of tags)
            await tx`INSERT INTO tags (arn, key, value) VALUES (${arn}, ${tag.Key}, ${tag.Value ?? null})
            ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value`;
        },
        () => restoreTags(arn, previous),
      );
    },
    deleteTags: (arn, keys) => {
      const previous = mirror.tags.get(arn);
      if (keys === undefined || previous === undefined) mirror.tags.delete(arn);
      else mirror.tags.set(arn, new Map([...previous].filter(([key]) => !keys.includes(key))));
      write(
        'delete tags',
        async (tx) => {
          if (keys === undefined) await tx`DELETE FROM tags WHERE arn = ${arn}`;
          else for (const key of keys) await tx`DELETE FROM tags WHERE arn = ${arn} AND key = ${key}`;
        },
        () => restoreTags(arn, previous),
      );
    },
    putInvalidation: (i) => {
      // The stored rule never changes; "Completed" from this edge is its acknowledgement.
      if (!mirror.invalidations.some((x) => x.id === i.id)) {
        mirror.invalidations.push({ ...i, status: 'InProgress' });
        write(
          'put invalidation',
          (tx) => tx`
          INSERT INTO invalidations (distribution_id, id, create_time, caller_reference, paths_json)
          VALUES (${i.distributionId}, ${i.id}, ${i.createTime}, ${i.callerReference}, ${JSON.stringify(i.paths)})
          ON CONFLICT (id) DO NOTHING`,
          () => {
            mirror.invalidations = mirror.invalidations.filter((x) => x.id !== i.id);
          },
        );
      }
      if (i.status === 'Completed') ack(i.id);
    },
    getInvalidation: (distributionId, id) => {
      const found = mirror.invalidations.find((i) => i.id === id && i.distributionId === distributionId);
      return found === undefined ? undefined : withStatus(found);
    },
    listInvalidations: (distributionId) =>
      mirror.invalidations
        .filter((i) => i.distributionId === distributionId)
        .reverse()
        .map(withStatus),
    invalidationsInProgress: () => mirror.invalidations.filter((i) => acks.get(i.id)?.has(edgeId) !== true),
    flushed: async () => {
      const upTo = writeSeq;
      await chain;
      const failed = [...failedWrites].filter((seq) => seq <= upTo);
      for (const seq of failed) failedWrites.delete(seq);
      if (failed.length > 0)
        throw new CloudFrontError(
          'ServiceUnavailable',
          'The control-plane state store (PostgreSQL) is unavailable: the change was not saved. Try again.',
          503,
        );
    },
    onChange: (listener) => {
      listeners.push(listener);
    },
    heartbeat: (deployed) => {
      const json = JSON.stringify(deployed);
      chain = chain
        .then(async () => {
          await sql`INSERT INTO edges (edge_id, deployed_json, last_seen)
            VALUES (${edgeId}, ${json}, now())
            ON CONFLICT (edge_id) DO UPDATE SET deployed_json = excluded.deployed_json, last_seen = now()`;
          // The others must hear at once only when what this edge serves changed (that is what Deployed waits
          // for); a heartbeat that only renews liveness is read by their next poll, so idle load grows with the
          // number of edges, not its square.
          if (json === reportedDeployed) return;
          await sql`SELECT pg_notify(${EDGES_CHANNEL}, ${edgeId})`;
          reportedDeployed = json;
        })
        .catch((error: unknown) => onError('heartbeat', error as Error));
      return chain;
    },
    otherLiveEdges: () => otherEdges,
    fleet: async () => {
      const rows = await sql<
        { edge_id: string; deployed_json: string; last_seen: Date; live: boolean; not_applied: number }[]
      >`
        SELECT e.edge_id, e.deployed_json, e.last_seen,
          e.last_seen > now() - make_interval(secs => ${liveSeconds}) AS live,
          (SELECT count(*) FROM invalidations i WHERE NOT EXISTS (SELECT 1 FROM edge_invalidations a
            WHERE a.edge_id = e.edge_id AND a.invalidation_id = i.id))::int AS not_applied
        FROM edges e ORDER BY e.edge_id`;
      return {
        liveTimeoutSeconds: liveSeconds,
        edges: rows.map((r) => ({
          edgeId: r.edge_id,
          lastHeartbeat: r.last_seen.toISOString(),
          deployed: JSON.parse(r.deployed_json),
          live: r.live,
          invalidationsNotApplied: r.not_applied,
        })),
      };
    },
    refresh,
    end: () => end(),
    close: () => void end(),
  };
}
