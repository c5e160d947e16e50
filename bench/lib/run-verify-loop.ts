// Runs bench/sides/node-verify-loop.ts (pinned to the server CPU when pinning) and reports it in the shape of
// a wrk measurement, so the anchor sits in the same table and ratios: one "request" = one verify.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { WrkMeasurement } from './run-wrk.ts';

const LOOP_SCRIPT = join(import.meta.dirname, '..', 'sides', 'node-verify-loop.ts');

export async function runVerifyLoop(options: {
  readonly durationSeconds: number;
  readonly serverCpu?: number;
}): Promise<WrkMeasurement> {
  const nodeArgs = [LOOP_SCRIPT, String(options.durationSeconds)];
  const [command, args] =
    options.serverCpu === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', String(options.serverCpu), process.execPath, ...nodeArgs]];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`verify loop exited with ${code}: ${text.slice(0, 300)}`)),
    );
  });
  const m = /^VERIFY_JSON (.*)$/m.exec(output);
  if (!m) throw new Error(`verify loop printed no result: ${output.slice(0, 300)}`);
  const r = JSON.parse(m[1]) as { verifies: number; wallSeconds: number; cpuSeconds: number };
  return {
    requests: r.verifies,
    durationSeconds: r.wallSeconds,
    requestsPerSecond: r.verifies / r.wallSeconds,
    megabytesPerSecond: 0,
    p50Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    errors: {},
    serverRssBeforeKiB: 0,
    serverPeakRssKiB: 0,
    serverCpuPercent: (100 * r.cpuSeconds) / r.wallSeconds,
    serverCpuMicrosPerRequest: (1e6 * r.cpuSeconds) / Math.max(r.verifies, 1),
    command: [command, ...args].join(' '),
  };
}
