// The shape every CLI command has: a name, its usage text, and a run function
// that gets its arguments and injected standard streams, and resolves to the process exit code.

export type CliIo = {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM: long-running commands (serve, demo) close gracefully on it. */
  readonly shutdownSignal: AbortSignal;
  /** Registers a listener for SIGHUP (reload configuration). Returns a function that removes it. */
  readonly onReload: (listener: () => void) => () => void;
};

export type Command = {
  readonly name: string;
  readonly usage: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
};

/** Thrown by commands for bad arguments: printed as one line with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
