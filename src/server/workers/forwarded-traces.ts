// Traces reach the primary after the worker sent its response, so a client (the doctor) may ask the admin
// listener for one a moment before it arrives: such a request waits for it briefly.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long `GET /traces/:id` waits for a trace a worker has not forwarded yet. */
const TRACE_ARRIVAL_WAIT_MS = 2000;

/** Who waits for which trace id; `arrived` wakes them. */
export function createTraceArrivals() {
  const waiting = new Map<string, (() => void)[]>();
  return {
    arrived: (id: string): void => {
      for (const wake of waiting.get(id) ?? []) wake();
      waiting.delete(id);
    },
    waitFor: (id: string, timeoutMs: number): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiting.set(id, [
          ...(waiting.get(id) ?? []),
          () => {
            clearTimeout(timer);
            resolve();
          },
        ]);
      }),
  };
}

/**
 * A worker forwards a trace once its response is sent, so a client (the doctor) can ask for it before it
 * reaches the primary: `GET /traces/:id` for a trace not here yet waits for it briefly, then the admin
 * listener answers as usual. Runs in front of the console handler, the admin listener's first hook.
 */
export function waitForForwardedTraces(
  arrivals: ReturnType<typeof createTraceArrivals>,
  has: (id: string) => boolean,
  next: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | undefined,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const match = /^\/traces\/([^/?]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (req.method === 'GET' && match !== null) {
      const id = decodeURIComponentSafe(match[1] as string);
      if (id !== undefined && !has(id)) await arrivals.waitFor(id, TRACE_ARRIVAL_WAIT_MS);
      return false;
    }
    return next === undefined ? false : next(req, res);
  };
}

function decodeURIComponentSafe(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
