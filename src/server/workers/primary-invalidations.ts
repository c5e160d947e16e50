// The primary's view of invalidations: its own InvalidationService records them (ids, CallerReference
// idempotency, path validation) and every worker is sent the batch; the status stays `InProgress` until every
// worker slot has applied it, and `CompletedTime` is when the last one did (docs/decisions/workers.md).

import type { Invalidation, InvalidationService } from '../../edge/index.ts';
import type { WorkerAcknowledgements } from './worker-acknowledgements.ts';
import type { InvalidationOrder } from './worker-messages.ts';

export function createPrimaryInvalidations(deps: {
  readonly recorded: InvalidationService;
  readonly acknowledgements: WorkerAcknowledgements;
  /** Sends the batch to every running worker. */
  readonly broadcast: (order: InvalidationOrder) => void;
}): InvalidationService & { readonly order: (id: string) => InvalidationOrder | undefined } {
  const orders = new Map<string, InvalidationOrder>();
  const withStatus = <T extends Invalidation>(invalidation: T): T => {
    const appliedAtMs = deps.acknowledgements.appliedAtMs({ kind: 'invalidation', id: invalidation.Id });
    if (appliedAtMs === undefined) {
      const { CompletedTime: _omitted, ...inProgress } = invalidation as T & { CompletedTime?: string };
      return { ...inProgress, Status: 'InProgress' } as T;
    }
    return { ...invalidation, Status: 'Completed', CompletedTime: new Date(appliedAtMs).toISOString() };
  };
  return {
    create: (distributionId, paths, callerReference) => {
      const result = deps.recorded.create(distributionId, paths, callerReference);
      const id = result.invalidation.Id;
      if (result.created) {
        const order = { id, distributionId, paths: result.invalidation.InvalidationBatch.Paths.Items };
        orders.set(id, order);
        deps.acknowledgements.expectInvalidation(id);
        deps.broadcast(order);
      }
      return { ...result, invalidation: withStatus(result.invalidation) };
    },
    get: (distributionId, id) => {
      const invalidation = deps.recorded.get(distributionId, id);
      return invalidation === undefined ? undefined : withStatus(invalidation);
    },
    list: (distributionId) => deps.recorded.list(distributionId).map(withStatus),
    invalidatedSince: deps.recorded.invalidatedSince,
    last: deps.recorded.last,
    order: (id) => orders.get(id),
  };
}
