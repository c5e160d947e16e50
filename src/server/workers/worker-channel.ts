// The IPC channel between serve's primary and one worker, as the two sides see it; node:cluster provides
// it (`process` in a worker, `cluster.Worker` in the primary) and tests may pass their own.

import type { PrimaryMessage, WorkerMessage } from './worker-messages.ts';

/** A worker's end: sends to the primary, hears the primary, notices when the primary is gone. */
export type WorkerChannel = {
  readonly send: (message: WorkerMessage) => void;
  readonly onMessage: (listener: (message: PrimaryMessage) => void) => void;
  readonly onDisconnect: (listener: () => void) => void;
};
