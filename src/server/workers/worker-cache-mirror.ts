// What the workers' caches hold, as the primary's admin listener and console show it (`GET /distributions`
// cache counts, which the doctor's stale-cache lint reads, and the console's cache view). Asked for on demand:
// before such a request is answered, every worker reports its entries' metadata (bodies and headers stay in the
// worker), waiting at most a second for the slowest. A read-only CacheStore over the last reports.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedObjectMeta, CacheStore } from '../../edge/index.ts';

export type WorkerCacheMirror = {
  /** Sends the report request; resolves when every expected worker answered or the wait is over. */
  readonly refresh: () => Promise<void>;
  readonly received: (slot: number, requestId: number, entries: readonly CachedObjectMeta[]) => void;
  /** The union of the last reports; writes are refused (the primary never caches). */
  readonly store: CacheStore;
};

const REPORT_WAIT_MS = 1000;

export function createWorkerCacheMirror(deps: {
  /** Asks every running worker; returns the slots asked. */
  readonly requestReports: (requestId: number) => readonly number[];
}): WorkerCacheMirror {
  const reports = new Map<number, readonly CachedObjectMeta[]>();
  let nextRequestId = 1;
  const pending = new Map<number, { waitingFor: Set<number>; done: () => void }>();
  return {
    refresh: () => {
      const requestId = nextRequestId++;
      const asked = deps.requestReports(requestId);
      if (asked.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => finish(), REPORT_WAIT_MS);
        const finish = () => {
          clearTimeout(timer);
          pending.delete(requestId);
          resolve();
        };
        pending.set(requestId, { waitingFor: new Set(asked), done: finish });
      });
    },
    received: (slot, requestId, entries) => {
      reports.set(slot, entries);
      const waiting = pending.get(requestId);
      if (waiting === undefined) return;
      waiting.waitingFor.delete(slot);
      if (waiting.waitingFor.size === 0) waiting.done();
    },
    store: {
      get: () => undefined,
      createWriter: () => {
        throw new Error('the primary keeps no cache');
      },
      updateMeta: () => {},
      delete: () => {},
      entries: function* () {
        for (const entries of reports.values()) yield* entries;
      },
      close: async () => {},
    },
  };
}

/** A worker's cache entries as it reports them: the metadata the counts and the console use, no headers. */
export function summarizeCacheEntries(cache: CacheStore): CachedObjectMeta[] {
  return [...cache.entries()].map((meta) => ({ ...meta, headers: [] }));
}

/** In front of the admin listener: `GET /distributions` and the console's API read fresh worker reports. */
export function refreshWorkerCachesFirst(
  mirror: WorkerCacheMirror,
  next: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | undefined,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && (path === '/distributions' || path.startsWith('/console/api/')))
      await mirror.refresh();
    return next === undefined ? false : next(req, res);
  };
}
