// `npm run bench:workers`: how `frontgate serve --workers N` scales, measured honestly on a small box. The same
// edge cache hit (1 KiB, 64 connections) is driven by wrk against `--workers 1` and `--workers 2`, alternating
// per round; nothing is pinned, so wrk shares the cores with the servers. Reported per variant: throughput and
// CPU-seconds per request summed over every server process (primary + workers, /proc/<pid>/stat), which is
// the efficiency figure (docs/benchmarks.md#workers-scaling); the throughput ratio is not a speed-up claim here.
// Usage: node bench/workers.ts [--rounds N] [--duration SECONDS] [--workers 1,2]

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProcessGroup } from './lib/child-processes.ts';
import { writeFixtures } from './lib/fixtures.ts';
import { createPresigner, probe, putFile } from './lib/presign-s3.ts';
import { runWrk, type WrkMeasurement } from './lib/run-wrk.ts';
import { isEdgeCacheHit } from './sides/frontgate-edge.ts';
import { planFrontgateEdge } from './sides/frontgate-edge-config.ts';
import { startFrontgateServer } from './sides/frontgate-side.ts';

const FIXTURE = '1k.bin';
const CONNECTIONS = 64;

type Variant = { readonly workers: number; readonly rounds: WrkMeasurement[] };

/** Server CPU-seconds per request: the tree's CPU share over the run times its length, per request. */
export function cpuSecondsPerRequest(m: WrkMeasurement): number {
  return ((m.serverCpuPercent / 100) * m.durationSeconds) / Math.max(1, m.requests);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '8' },
      workers: { type: 'string', default: '1,2' },
    },
  });
  const rounds = Number(values.rounds);
  const durationSeconds = Number(values.duration);
  const counts = values.workers.split(',').map(Number);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  log(
    `Frontgate workers scaling — ${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );

  const workDir = mkdtempSync(join(tmpdir(), 'frontgate-bench-workers-'));
  const group = createProcessGroup();
  process.on('exit', () => {
    group.killAllNow();
    rmSync(workDir, { recursive: true, force: true });
  });
  try {
    const fixturesDir = join(workDir, 'fixtures');
    mkdirSync(fixturesDir);
    await writeFixtures(fixturesDir, [FIXTURE]);
    const plan = await planFrontgateEdge({ workDir });
    if (plan.kind === 'missing') throw new Error(plan.reason);
    const servers: { workers: number; pid: number; url: string; headers: Record<string, string> }[] = [];
    for (const workers of counts) {
      const running = await startFrontgateServer({
        group,
        workDir,
        instance: `frontgate-workers-${workers}`,
        workers,
        edge: plan.value.edgeSection,
        extraBuckets: plan.value.extraBuckets,
      });
      const edge = plan.value.finish(running);
      const presigner = createPresigner(running.endpoint);
      await putFile(await presigner.presign('PUT', edge.originBucket, FIXTURE), join(fixturesDir, FIXTURE));
      presigner.close();
      const url = `${edge.url}/${FIXTURE}`;
      // Every worker has its own memory tier: fill until a hit came back on enough fresh connections.
      let hits = 0;
      for (let i = 0; i < 40 && hits < 4 * workers; i++)
        if (isEdgeCacheHit((await probe(url, edge.headers)).headers)) hits++;
      servers.push({ workers, pid: running.pid, url, headers: { ...edge.headers } });
      log(`--workers ${workers}: ready (pid ${running.pid})`);
    }
    const variants: Variant[] = servers.map((s) => ({ workers: s.workers, rounds: [] }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, server] of servers.entries()) {
        const target = {
          url: server.url,
          method: 'GET' as const,
          headers: server.headers,
          connections: CONNECTIONS,
        };
        await runWrk(target, { durationSeconds: 2, serverPid: server.pid });
        const m = await runWrk(target, { durationSeconds, serverPid: server.pid });
        variants[i]?.rounds.push(m);
        log(
          `round ${round + 1} --workers ${server.workers}: ${m.requestsPerSecond.toFixed(0)} req/s, ` +
            `server CPU ${m.serverCpuPercent.toFixed(0)}%, ${(cpuSecondsPerRequest(m) * 1e6).toFixed(1)} µs CPU/request, ` +
            `p99 ${m.p99Ms.toFixed(2)} ms${Object.keys(m.errors).length > 0 ? ` errors ${JSON.stringify(m.errors)}` : ''}`,
        );
      }
    }
    const summary = variants.map((v) => ({
      workers: v.workers,
      requestsPerSecond: median(v.rounds.map((m) => m.requestsPerSecond)),
      serverCpuPercent: median(v.rounds.map((m) => m.serverCpuPercent)),
      cpuMicrosecondsPerRequest: median(v.rounds.map((m) => cpuSecondsPerRequest(m) * 1e6)),
      p99Ms: median(v.rounds.map((m) => m.p99Ms)),
    }));
    log('\nworkers  req/s (median)  server CPU  CPU µs/request  p99 ms');
    for (const s of summary)
      log(
        `${String(s.workers).padStart(7)}  ${s.requestsPerSecond.toFixed(0).padStart(14)}  ${`${s.serverCpuPercent.toFixed(0)}%`.padStart(10)}  ${s.cpuMicrosecondsPerRequest.toFixed(1).padStart(14)}  ${s.p99Ms.toFixed(2).padStart(6)}`,
      );
    const base = summary[0];
    for (const s of summary.slice(1))
      if (base !== undefined)
        log(
          `--workers ${s.workers} vs ${base.workers}: throughput ×${(s.requestsPerSecond / base.requestsPerSecond).toFixed(2)}, ` +
            `CPU per request ×${(s.cpuMicrosecondsPerRequest / base.cpuMicrosecondsPerRequest).toFixed(2)} (1.00 = no overhead)`,
        );
    const resultsDir = join(import.meta.dirname, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `workers-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), loadBefore, loadAfter: loadavg(), cores: availableParallelism(), summary, raw: variants }, null, 2)}\n`,
    );
    log(`results: ${file}`);
    return 0;
  } finally {
    await group.stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
