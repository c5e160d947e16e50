// Starts the benchmark's server processes and guarantees they die with the harness: every child is
// tracked, stopped by its own pid (never by name), and killed synchronously if the harness exits early.

import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export type ProcessGroup = {
  /** Spawns `command args` with stdout piped (for ready lines) and stderr appended to `logFile`. */
  readonly start: (
    command: string,
    args: readonly string[],
    options: { logFile: string; cwd?: string },
  ) => ChildProcess;
  /** SIGTERM to each child still running, SIGKILL after `graceMs`. */
  readonly stopAll: (graceMs?: number) => Promise<void>;
  /** Synchronous last resort for process 'exit': SIGKILL to every child still running. */
  readonly killAllNow: () => void;
};

export function createProcessGroup(): ProcessGroup {
  const children = new Set<ChildProcess>();
  const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  return {
    start(command, args, options) {
      const log = openSync(options.logFile, 'a');
      const child = spawn(command, [...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', log] });
      // Keep stdout flowing even when nobody waits on it any more, so a chatty child never blocks on a full pipe.
      child.stdout?.on('data', () => {});
      children.add(child);
      child.on('exit', () => children.delete(child));
      return child;
    },
    async stopAll(graceMs = 3000) {
      const running = [...children].filter(isRunning);
      await Promise.all(
        running.map(
          (child) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                if (isRunning(child)) child.kill('SIGKILL');
              }, graceMs);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
    killAllNow() {
      for (const child of children) if (isRunning(child)) child.kill('SIGKILL');
    },
  };
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits or `timeoutMs` passes. */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const lines: string[] = [];
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        const m = pattern.exec(line);
        if (m) {
          cleanup();
          resolve(m);
          return;
        }
        newline = buffered.indexOf('\n');
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(
        new Error(
          `exited (code ${code}) before printing ${pattern}; stdout: ${lines.join(' | ').slice(0, 500)}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Collects the lines a child prints on stdout (kept short), so a failed start can say what it printed. */
export function collectStdout(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (text.length < 4000) text += chunk.toString('utf8');
  });
  return () => text;
}

/** A port that was free a moment ago (bind to 0, read, close), for servers that cannot report their own. */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls until a TCP connect to host:port succeeds. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
