// Forks serve's worker processes with node:cluster (each re-runs this process's entry point and command,
// which see `cluster.isWorker`), answers each worker's `started` with its `init`, routes the rest of its
// messages, and forks a replacement for the same slot when a worker dies. The workers accept from listening
// sockets they share (SCHED_NONE, not cluster's round-robin): a connection is never parked in the primary,
// where round-robin loses one handed to a worker that dies before taking it (docs/decisions/workers.md).

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../../log/logger.ts';
import type { PrimaryMessage, WorkerMessage } from './worker-messages.ts';
import { isWorkerMessage } from './worker-messages.ts';

type ReadyMessage = Extract<WorkerMessage, { type: 'ready' }>;

export type WorkerPool = {
  /** Sends to every worker that has been initialised (a worker started later gets `init` instead); returns their slots. */
  readonly broadcast: (message: PrimaryMessage) => readonly number[];
  /** Process ids of the running workers, by slot. */
  readonly pids: () => ReadonlyMap<number, number>;
  readonly close: () => Promise<void>;
};

/** A worker that dies this soon after starting waits before its replacement, doubling up to the maximum. */
const FAST_CRASH_MS = 5000;
const MAX_RESTART_DELAY_MS = 10_000;
const SHUTDOWN_GRACE_MS = 10_000;

/** Resolves with the pool once every slot's first worker is ready; rejects if one dies before that. */
export function startWorkerPool(options: {
  readonly count: number;
  readonly logger: Logger;
  /** The `init` for a (re)started worker of `slot`. */
  readonly initFor: (slot: number) => PrimaryMessage;
  readonly onMessage: (slot: number, message: WorkerMessage) => void;
}): Promise<{ readonly pool: WorkerPool; readonly firstReady: ReadyMessage }> {
  const { logger } = options;
  const workers = new Map<number, { worker: Worker; initialised: boolean; startedAtMs: number }>();
  const restartDelayMs = new Map<number, number>();
  let stopping = false;
  let starting = true;
  const readySlots = new Set<number>();

  // Read by node:cluster at the first fork; the same for every pool in this process.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  return new Promise((resolve, reject) => {
    let firstReady: ReadyMessage | undefined;
    const fork = (slot: number): void => {
      const worker = cluster.fork();
      const entry = { worker, initialised: false, startedAtMs: Date.now() };
      workers.set(slot, entry);
      // A worker can die between isConnected() and the write: the channel then reports EPIPE here, and the
      // 'exit' handler below restarts the slot. Unhandled, that error would take the primary down.
      worker.on('error', (error: Error) =>
        logger.warn('worker-channel-error', { slot, pid: worker.process.pid, error: error.message }),
      );
      worker.on('message', (message: unknown) => {
        if (!isWorkerMessage(message)) return;
        if (message.type === 'started') {
          entry.initialised = true;
          worker.send(options.initFor(slot));
          return;
        }
        if (message.type === 'ready') {
          logger.info('worker-started', { slot, pid: worker.process.pid });
          firstReady ??= message;
          readySlots.add(slot);
          if (starting && readySlots.size === options.count) {
            starting = false;
            resolve({ pool, firstReady });
          }
        }
        options.onMessage(slot, message);
      });
      worker.on('exit', (code, signal) => {
        if (workers.get(slot)?.worker === worker) workers.delete(slot);
        if (stopping) return;
        logger.error('worker-exited', { slot, pid: worker.process.pid, code, signal });
        if (starting) {
          stopping = true;
          void pool
            .close()
            .finally(() =>
              reject(new Error(`worker ${slot} exited (${signal ?? `code ${code}`}) before it was ready`)),
            );
          return;
        }
        const fastCrash = Date.now() - entry.startedAtMs < FAST_CRASH_MS;
        const delay = fastCrash
          ? Math.min(Math.max(100, (restartDelayMs.get(slot) ?? 50) * 2), MAX_RESTART_DELAY_MS)
          : 0;
        restartDelayMs.set(slot, delay);
        setTimeout(() => {
          if (!stopping) fork(slot);
        }, delay).unref();
      });
    };
    const pool: WorkerPool = {
      broadcast: (message) => {
        const sent: number[] = [];
        for (const [slot, { worker, initialised }] of workers)
          if (initialised && worker.isConnected()) {
            worker.send(message);
            sent.push(slot);
          }
        return sent;
      },
      pids: () =>
        new Map(
          [...workers].flatMap(([slot, { worker }]) =>
            worker.process.pid === undefined ? [] : [[slot, worker.process.pid] as const],
          ),
        ),
      close: async () => {
        stopping = true;
        await Promise.all(
          [...workers.values()].map(async ({ worker }) => {
            if (worker.isDead()) return;
            const exited = new Promise<void>((done) => worker.once('exit', () => done()));
            if (worker.isConnected()) worker.send({ type: 'shutdown' } satisfies PrimaryMessage);
            else worker.kill('SIGTERM');
            const timer = setTimeout(() => worker.kill('SIGKILL'), SHUTDOWN_GRACE_MS);
            await exited;
            clearTimeout(timer);
          }),
        );
      },
    };
    for (let slot = 1; slot <= options.count; slot++) fork(slot);
  });
}
