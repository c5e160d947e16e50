// Runs one wrk measurement in its own process (pinned to the client CPU when possible) while sampling
// the server's process tree: peak RSS (VmHWM reset before the run, plus 100 ms VmRSS samples) and CPU.

import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { listProcessTree, readTreeCpuSeconds, readTreeMemory, resetPeakMemory } from './proc-stats.ts';

export type WrkTarget = {
  readonly url: string;
  readonly method: 'GET' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  /** PUT only: the file sent as every request's body. */
  readonly bodyFile?: string;
  readonly connections: number;
};

export type WrkOptions = {
  readonly durationSeconds: number;
  /** `taskset -c <cpu>` prefix for wrk, or undefined to run unpinned. */
  readonly clientCpu?: number;
  /** Root pid of the server under test, for RSS and CPU accounting. */
  readonly serverPid: number;
};

export type WrkMeasurement = {
  readonly requests: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: number;
  /** Bytes moved per second, 10^6 bytes: response bytes wrk read plus request bodies it sent. */
  readonly megabytesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Socket errors, timeouts and non-2xx/3xx responses, only the non-zero ones. */
  readonly errors: Readonly<Record<string, number>>;
  /** Server tree RSS just before the run, and the peak during it (KiB). */
  readonly serverRssBeforeKiB: number;
  readonly serverPeakRssKiB: number;
  /** Server CPU time / wall time, 100 = one core busy. */
  readonly serverCpuPercent: number;
  /**
   * Server CPU time (user + system) per request, µs: the work a request costs. Much steadier than req/s on a
   * shared host (time the server waits for a core is not in it), though cache contention still inflates it.
   */
  readonly serverCpuMicrosPerRequest: number;
  readonly command: string;
  /** Set by the harness when wrk saw non-2xx answers: what one request right after the run got. */
  readonly errorProbe?: string;
};

/** A run where more than 1 % of requests failed measures the failure path, not the server: left out of medians. */
export function isValidMeasurement(m: WrkMeasurement): boolean {
  const failed = Object.values(m.errors).reduce((a, b) => a + b, 0);
  return failed <= 0.01 * Math.max(m.requests, 1);
}

const LUA_DIR = import.meta.dirname;

/**
 * wrk adds its own `Host` unless the script's headers already hold exactly `Host` (case-sensitive Lua key), so
 * `-H "host: …"` would send two Host headers, and which one a server keeps depends on Lua's table order.
 */
export function canonicalHeaderName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

export async function runWrk(target: WrkTarget, options: WrkOptions): Promise<WrkMeasurement> {
  const threads = options.clientCpu === undefined ? 2 : 1;
  const script = join(LUA_DIR, target.method === 'PUT' ? 'put-body.lua' : 'report.lua');
  const wrkArgs = [
    `-t${threads}`,
    `-c${target.connections}`,
    `-d${options.durationSeconds}s`,
    '--timeout',
    '30s',
    '--latency',
    '-s',
    script,
  ];
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    wrkArgs.push('-H', `${canonicalHeaderName(name)}: ${value}`);
  }
  wrkArgs.push(target.url);
  const [command, args] =
    options.clientCpu === undefined
      ? ['wrk', wrkArgs]
      : ['taskset', ['-c', String(options.clientCpu), 'wrk', ...wrkArgs]];
  const bodyBytes = target.bodyFile === undefined ? 0 : statSync(target.bodyFile).size;

  const pids = listProcessTree(options.serverPid);
  const before = readTreeMemory(pids);
  const peakWasReset = resetPeakMemory(pids);
  let sampledPeakKiB = before.rssKiB;
  const sampler = setInterval(() => {
    sampledPeakKiB = Math.max(sampledPeakKiB, readTreeMemory(pids).rssKiB);
  }, 100);
  const cpuBefore = readTreeCpuSeconds(pids);
  const started = process.hrtime.bigint();
  let output: string;
  try {
    output = await new Promise<string>((resolve, reject) => {
      const child = spawn(command as string, args as string[], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BENCH_BODY_FILE: target.bodyFile ?? '' },
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text.slice(0, 500)}`)),
      );
    });
  } finally {
    clearInterval(sampler);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = readTreeCpuSeconds(pids) - cpuBefore;
  const after = readTreeMemory(pids);

  const m = /^BENCH_JSON (.*)$/m.exec(output);
  if (!m) throw new Error(`wrk printed no result: ${output.slice(0, 500)}`);
  const j = JSON.parse(m[1]) as Record<string, number>;
  const durationSeconds = j.duration_us / 1e6;
  const errors: Record<string, number> = {};
  for (const key of ['err_connect', 'err_read', 'err_write', 'err_status', 'err_timeout']) {
    if (j[key] > 0) errors[key.slice(4)] = j[key];
  }
  return {
    requests: j.requests,
    durationSeconds,
    requestsPerSecond: j.requests / durationSeconds,
    megabytesPerSecond: (j.bytes + j.requests * bodyBytes) / durationSeconds / 1e6,
    p50Ms: j.p50_us / 1000,
    p99Ms: j.p99_us / 1000,
    maxMs: j.max_us / 1000,
    errors,
    serverRssBeforeKiB: before.rssKiB,
    serverPeakRssKiB: Math.max(sampledPeakKiB, peakWasReset ? after.hwmKiB : 0, after.rssKiB),
    serverCpuPercent: (100 * cpuSeconds) / wallSeconds,
    serverCpuMicrosPerRequest: (1e6 * cpuSeconds) / Math.max(j.requests, 1),
    command: [command, ...(args as string[])].join(' '),
  };
}
