// A bounded in-memory ring of finished traces (newest kept), fetchable by id from the admin listener,
// optionally appended as JSON lines to `dataDir/edge-trace.jsonl`.

import { appendFile } from 'node:fs/promises';
import type { EdgeTrace } from './trace-types.ts';

export type TraceRing = {
  readonly put: (trace: EdgeTrace) => void;
  readonly get: (id: string) => EdgeTrace | undefined;
  readonly list: () => readonly EdgeTrace[];
};

export function createTraceRing(options: {
  readonly capacity: number;
  readonly logFile?: string;
  readonly onError?: (e: unknown) => void;
}): TraceRing {
  const traces = new Map<string, EdgeTrace>();
  let writes: Promise<void> = Promise.resolve();
  return {
    put: (trace) => {
      traces.set(trace.id, trace);
      if (traces.size > options.capacity) {
        const oldest = traces.keys().next().value;
        if (oldest !== undefined) traces.delete(oldest);
      }
      const file = options.logFile;
      if (file)
        writes = writes
          .then(() => appendFile(file, `${JSON.stringify(trace)}\n`))
          .catch((e) => options.onError?.(e));
    },
    get: (id) => traces.get(id),
    list: () => [...traces.values()].reverse(),
  };
}
