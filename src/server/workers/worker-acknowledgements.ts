// What every worker slot has applied: invalidations (by id) and config snapshots (by version). The primary
// records a change when it sends it and each slot's acknowledgement when it arrives; a change is applied
// when every slot has acknowledged it. A slot keeps its acknowledgements across a restart of its worker:
// the new worker inherits the slot's disk tier and is sent, before it serves, what the slot still owes.

export type WorkerChange =
  | { readonly kind: 'invalidation'; readonly id: string }
  | { readonly kind: 'config'; readonly version: number };

export type WorkerAcknowledgements = {
  /** Registers an invalidation every slot must apply. */
  readonly expectInvalidation: (id: string) => void;
  readonly acknowledgeInvalidation: (slot: number, id: string) => void;
  /** A slot serves config `version` (and so every older one). */
  readonly acknowledgeConfig: (slot: number, version: number) => void;
  /** Invalidation ids the slot has not acknowledged, oldest first. */
  readonly invalidationsOwedBy: (slot: number) => readonly string[];
  readonly isApplied: (change: WorkerChange) => boolean;
  /** When the last slot acknowledged it; undefined while a slot still owes it. */
  readonly appliedAtMs: (change: WorkerChange) => number | undefined;
  /** Resolves once every slot has applied the change (at once if it already has). */
  readonly whenAllWorkersApplied: (change: WorkerChange) => Promise<void>;
};

export function createWorkerAcknowledgements(options: {
  readonly slots: number;
  readonly nowMs: () => number;
}): WorkerAcknowledgements {
  const slots = Array.from({ length: options.slots }, (_, i) => i + 1);
  const invalidations = new Map<string, { acked: Set<number>; appliedAtMs?: number }>();
  const configVersionOf = new Map<number, number>();
  const configAppliedAtMs = new Map<number, number>();
  const waiters: { change: WorkerChange; resolve: () => void }[] = [];

  const minConfigVersion = (): number => Math.min(...slots.map((s) => configVersionOf.get(s) ?? 0));
  const appliedAtMs = (change: WorkerChange): number | undefined =>
    change.kind === 'invalidation'
      ? invalidations.get(change.id)?.appliedAtMs
      : change.version <= minConfigVersion()
        ? (configAppliedAtMs.get(change.version) ?? 0)
        : undefined;
  const settle = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (waiter !== undefined && appliedAtMs(waiter.change) !== undefined) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };
  return {
    expectInvalidation: (id) => {
      if (!invalidations.has(id)) invalidations.set(id, { acked: new Set() });
    },
    acknowledgeInvalidation: (slot, id) => {
      const record = invalidations.get(id);
      if (record === undefined || record.appliedAtMs !== undefined) return;
      record.acked.add(slot);
      if (slots.every((s) => record.acked.has(s))) record.appliedAtMs = options.nowMs();
      settle();
    },
    acknowledgeConfig: (slot, version) => {
      const before = minConfigVersion();
      if (version <= (configVersionOf.get(slot) ?? 0)) return;
      configVersionOf.set(slot, version);
      const after = minConfigVersion();
      for (let v = before + 1; v <= after; v++) configAppliedAtMs.set(v, options.nowMs());
      settle();
    },
    invalidationsOwedBy: (slot) =>
      [...invalidations].filter(([, record]) => !record.acked.has(slot)).map(([id]) => id),
    isApplied: (change) => appliedAtMs(change) !== undefined,
    appliedAtMs,
    whenAllWorkersApplied: (change) =>
      appliedAtMs(change) !== undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ change, resolve })),
  };
}
