// Runs `frontgate serve --config <file>` as its own process (the real entry point, environment included),
// waits for "Ready.", and reads back the URLs it printed. Everything it writes is kept for assertions.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

const REPO = join(import.meta.dirname, '../..');

export type ServeProcess = {
  readonly s3Url: string;
  readonly edgeUrl?: string;
  readonly adminUrl?: string;
  readonly consoleUrl?: string;
  /** Everything written to stdout and stderr (the JSON log lines) so far. */
  readonly output: () => string;
  readonly stop: () => Promise<void>;
};

export async function startServeProcess(
  t: TestContext | { after: (fn: () => Promise<void> | void) => void },
  options: { readonly cwd: string; readonly config: string; readonly env?: Readonly<Record<string, string>> },
): Promise<ServeProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    // One process: the tests using this check one cache (a hit after a miss), which workers keep per process.
    [
      join(REPO, 'src/main.ts'),
      'serve',
      '--config',
      options.config,
      '--workers',
      '1',
      '--log-level',
      'debug',
    ],
    { cwd: options.cwd, env: { ...process.env, ...options.env } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  t.after(stop);
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('Ready.')) done();
    });
    child.once('exit', (code) =>
      fail(new Error(`frontgate serve exited with ${code}:\n${stdout}\n${stderr}`)),
    );
  });
  const printed = (label: string) => new RegExp(`^${label}:\\s+(\\S+)$`, 'm').exec(stdout)?.[1];
  const s3Url = printed('S3 API');
  if (s3Url === undefined) throw new Error(`frontgate serve printed no S3 URL:\n${stdout}`);
  return {
    s3Url,
    edgeUrl: printed('Edge'),
    adminUrl: printed('Admin'),
    consoleUrl: printed('Console'),
    output: () => `${stdout}\n${stderr}`,
    stop,
  };
}
