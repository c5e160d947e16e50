// Public surface of serve's worker processes: the primary, one worker, and the acknowledgements that tell
// when every worker applied an invalidation or a config version.

export type { RunningServePrimary } from './start-serve-primary.ts';
export { startServePrimary } from './start-serve-primary.ts';
export { runServeWorker, workerDataDir } from './start-serve-worker.ts';
export type { WorkerChannel } from './worker-channel.ts';
export type { WorkerAcknowledgements, WorkerChange } from './worker-acknowledgements.ts';
export { isPrimaryMessage } from './worker-messages.ts';
