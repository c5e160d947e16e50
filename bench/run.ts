// `npm run bench`: starts Frontgate (the real CLI), s3rver and nginx as pinned child processes, drives them with
// wrk from a separate pinned process in a round-robin rotation, prints a table and writes bench/results/<ts>.json.
// Usage: npm run bench -- [--quick] [--only name,group,…] [--rounds N] [--duration S] [--no-pin] [--keep]

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Available, createBenchContext } from './bench-context.ts';
import type { BenchEntry, ServerName, VariantOutcome } from './bench-types.ts';
import { SkipError } from './bench-types.ts';
import { createEntries } from './entries.ts';
import { createProcessGroup } from './lib/child-processes.ts';
import { probe } from './lib/presign-s3.ts';
import { type FixtureName, writeFixtures } from './lib/fixtures.ts';
import { readTreeMemory, listProcessTree } from './lib/proc-stats.ts';
import { runVerifyLoop } from './lib/run-verify-loop.ts';
import { type WrkMeasurement, runWrk } from './lib/run-wrk.ts';
import { type EntrySummary, renderTable, summarizeEntry } from './lib/summarize.ts';
import { planFrontgateEdge } from './sides/frontgate-edge-config.ts';
import type { FrontgateEdge } from './sides/frontgate-edge.ts';
import { type RunningFrontgate, startFrontgateServer } from './sides/frontgate-side.ts';
import { NGINX_BINARY, type RunningNginx, startNginx } from './sides/nginx-side.ts';
import { type RunningS3rver, startS3rver } from './sides/s3rver-side.ts';

const SERVER_CPU = 0;
const CLIENT_CPU = 1;

type Options = {
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly pauseMs: number;
  readonly only?: readonly string[];
  readonly pin: boolean;
  readonly keep: boolean;
  readonly quick: boolean;
  readonly frontgateLogLevel?: 'warn' | 'info' | 'debug';
  /** Extra node flags for every Frontgate server (`--frontgate-node-flags="--cpu-prof --cpu-prof-dir=/tmp/p"`). */
  readonly frontgateNodeFlags: readonly string[];
};

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'no-pin': { type: 'boolean' },
      keep: { type: 'boolean' },
      'frontgate-log-level': { type: 'string' },
      'frontgate-node-flags': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run bench -- [--quick] [--only s3|edge|signed|functions|<entry>,…] [--rounds N] [--duration SECONDS] [--no-pin] [--keep]\n' +
        'Entries: ' +
        createEntries()
          .map((e) => e.name)
          .join(', ') +
        '\n--keep leaves the temp dir (configs, server logs) in place.\n' +
        '--frontgate-node-flags="<flags>" starts Frontgate as node <flags> src/main.ts serve (profiles, V8 flags).\n' +
        '--warmup SECONDS sets the wrk warm-up before each measured run (default 1).\n' +
        '',
    );
    process.exit(0);
  }
  const quick = values.quick === true;
  const logLevel = values['frontgate-log-level'];
  if (logLevel !== undefined && !['warn', 'info', 'debug'].includes(logLevel)) {
    throw new Error('--frontgate-log-level must be warn, info or debug');
  }
  const rounds = values.rounds === undefined ? (quick ? 1 : 3) : Number(values.rounds);
  const durationSeconds = values.duration === undefined ? (quick ? 2 : 3) : Number(values.duration);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20)
    throw new Error('--rounds must be an integer 1–20');
  if (!(durationSeconds >= 1 && durationSeconds <= 60)) throw new Error('--duration must be 1–60 seconds');
  return {
    rounds,
    durationSeconds: Math.round(durationSeconds),
    warmupSeconds: values.warmup === undefined ? 1 : Math.max(1, Math.round(Number(values.warmup)) || 1),
    pauseMs: quick ? 300 : 700,
    only: values.only?.split(',').map((s) => s.trim()),
    pin: values['no-pin'] !== true && existsSync('/usr/bin/taskset') && cpus().length >= 2,
    keep: values.keep === true,
    quick,
    frontgateLogLevel: logLevel as Options['frontgateLogLevel'],
    frontgateNodeFlags: (values['frontgate-node-flags'] ?? '').split(/\s+/).filter((f) => f !== ''),
  };
}

function commandVersion(command: string, args: string[]): string {
  // `wrk -v` prints its version and exits 1; `nginx -v` prints to stderr: take the first line of either stream.
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return `unavailable (${r.error.message})`;
  return `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n')[0].trim();
}

function describeMachine(options: Options) {
  const s3rverVersion = (() => {
    try {
      return commandVersion(process.execPath, ['-p', "require('s3rver/package.json').version"]);
    } catch {
      return 'unknown';
    }
  })();
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    openssl: process.versions.openssl,
    wrk: commandVersion('wrk', ['-v']),
    nginx: commandVersion(NGINX_BINARY, ['-v']),
    s3rver: s3rverVersion,
    gitCommit: commandVersion('git', ['-C', import.meta.dirname, 'rev-parse', '--short', 'HEAD']),
    pinning: options.pin ? `server on CPU ${SERVER_CPU}, wrk on CPU ${CLIENT_CPU} (taskset)` : 'none',
  };
}

function selectEntries(all: readonly BenchEntry[], only: readonly string[] | undefined): BenchEntry[] {
  if (only === undefined) return [...all];
  const picked = all.filter((e) => only.some((o) => o === e.name || o === e.group || e.name.startsWith(o)));
  if (picked.length === 0)
    throw new Error(`--only ${only.join(',')} matches no entry (${all.map((e) => e.name).join(', ')})`);
  return picked;
}

async function attempt<T>(what: string, start: () => Promise<T>): Promise<Available<T>> {
  try {
    return { kind: 'ready', value: await start() };
  } catch (error) {
    const reason = `${what}: ${(error as Error).message}`.replace(/\s+/g, ' ').slice(0, 300);
    return { kind: 'missing', reason };
  }
}

const missing = (reason: string) => ({ kind: 'missing', reason }) as const;

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const startedAt = new Date().toISOString();
  const options = parseOptions(process.argv.slice(2));
  const entries = selectEntries(createEntries(), options.only);
  const machine = describeMachine(options);
  log(`Frontgate bench — ${machine.cores} cores (${machine.cpuModel}), node ${machine.node}, ${machine.wrk}`);
  log(
    `pinning: ${machine.pinning}; ${options.rounds} round(s) × ${options.durationSeconds} s per variant, warm-up ${options.warmupSeconds} s`,
  );

  const workDir = mkdtempSync(join(tmpdir(), 'frontgate-bench-'));
  const group = createProcessGroup();
  const cleanUp = () => {
    group.killAllNow();
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`\n${signal}: stopping servers and removing ${workDir}`);
      process.exit(130);
    });
  }

  try {
    const fixturesDir = join(workDir, 'fixtures');
    mkdirSync(fixturesDir);
    const fixtures = [...new Set(entries.flatMap((e) => e.fixtures))] as FixtureName[];
    await writeFixtures(fixturesDir, fixtures);

    const servers = new Set<ServerName>(entries.flatMap((e) => e.servers));
    const wantsEdge = entries.some((e) => e.group !== 's3');
    const serverCpu = options.pin ? SERVER_CPU : undefined;

    let frontgate: Available<RunningFrontgate> = missing('not needed by the selected entries');
    let frontgateEdge: Available<FrontgateEdge> = missing('not needed by the selected entries');
    let frontgateNoSignatureCache: Available<RunningFrontgate> = missing(
      'not needed by the selected entries',
    );
    let frontgateEdgeNoSignatureCache: Available<FrontgateEdge> = missing(
      'not needed by the selected entries',
    );
    if (servers.has('frontgate')) {
      const plan = wantsEdge ? await planFrontgateEdge({ workDir }) : missing('not needed');
      const start = (withEdge: boolean) =>
        attempt('frontgate did not start', () =>
          startFrontgateServer({
            group,
            workDir,
            serverCpu,
            edge: withEdge && plan.kind === 'ready' ? plan.value.edgeSection : undefined,
            extraBuckets: plan.kind === 'ready' ? plan.value.extraBuckets : undefined,
            logLevel: options.frontgateLogLevel,
            nodeFlags: options.frontgateNodeFlags,
          }),
        );
      frontgate = await start(plan.kind === 'ready');
      if (plan.kind === 'ready' && frontgate.kind === 'missing') {
        const withEdgeFailure = frontgate.reason;
        frontgate = await start(false);
        frontgateEdge = missing(`frontgate failed to start with the edge section (${withEdgeFailure})`);
      } else if (plan.kind === 'ready' && frontgate.kind === 'ready') {
        const running = frontgate.value;
        frontgateEdge = await attempt('edge', async () => plan.value.finish(running));
        // The signed entry compares the verified-signature cache off and on: that setting is per process,
        // so a second Frontgate (idle except during its own variant) runs the edge with the cache off.
        if (entries.some((e) => e.group === 'signed')) {
          frontgateNoSignatureCache = await attempt('frontgate (signature cache off) did not start', () =>
            startFrontgateServer({
              group,
              workDir,
              serverCpu,
              instance: 'frontgate-nosigcache',
              edge: plan.value.edgeSectionWithoutSignatureCache,
              extraBuckets: plan.value.extraBuckets,
              logLevel: options.frontgateLogLevel,
              nodeFlags: options.frontgateNodeFlags,
            }),
          );
          if (frontgateNoSignatureCache.kind === 'ready') {
            const second = frontgateNoSignatureCache.value;
            frontgateEdgeNoSignatureCache = await attempt('edge', async () => plan.value.finish(second));
          } else frontgateEdgeNoSignatureCache = missing(frontgateNoSignatureCache.reason);
        }
      } else if (plan.kind === 'missing') {
        frontgateEdge = missing(plan.reason);
      }
      if (frontgate.kind === 'missing') {
        const tail = readLogTail(join(workDir, 'frontgate.log'));
        if (tail) frontgate = missing(`frontgate did not start: ${tail}`);
        frontgateEdge = missing(frontgate.reason);
        // While the CLI cannot start (edge service not landed), the S3 entries can still run the real store.
        const fallback = await attempt('bench S3 launcher did not start', () =>
          startFrontgateServer({ group, workDir, serverCpu, launcher: 's3-launcher' }),
        );
        if (fallback.kind === 'ready') {
          log(
            `frontgate: the CLI did not start (${frontgate.reason}); S3 entries use bench/sides/frontgate-s3-launcher.ts`,
          );
          frontgate = fallback;
        }
      }
    }
    const s3rver: Available<RunningS3rver> = servers.has('s3rver')
      ? await attempt('s3rver did not start', () => startS3rver({ group, workDir, serverCpu }))
      : missing('not needed');
    const nginx: Available<RunningNginx> = servers.has('nginx')
      ? existsSync(NGINX_BINARY)
        ? await attempt('nginx did not start', () => startNginx({ group, workDir, fixturesDir, serverCpu }))
        : missing(`${NGINX_BINARY} not installed (apt-get install nginx)`)
      : missing('not needed');
    for (const [name, a] of [
      ['frontgate', frontgate],
      ['frontgate edge', frontgateEdge],
      ['frontgate edge, signature cache off', frontgateEdgeNoSignatureCache],
      ['s3rver', s3rver],
      ['nginx', nginx],
    ] as const) {
      if (a.kind === 'ready') log(`${name}: ready`);
      else if (a.reason !== 'not needed' && !a.reason.startsWith('not needed'))
        log(`${name}: unavailable — ${a.reason}`);
    }

    const ctx = createBenchContext({
      fixturesDir,
      frontgate,
      frontgateEdge,
      frontgateNoSignatureCache,
      frontgateEdgeNoSignatureCache,
      s3rver,
      nginx,
    });
    const startupRssKiB: Record<string, number> = {};
    for (const [name, a] of [
      ['frontgate', frontgate],
      ['s3rver', s3rver],
      ['nginx', nginx],
    ] as const) {
      if (a.kind === 'ready') startupRssKiB[name] = readTreeMemory(listProcessTree(a.value.pid)).rssKiB;
    }

    // Prepare every variant (seed, check by hand) before any measurement.
    type Prepared = {
      entry: BenchEntry;
      outcomes: VariantOutcome[];
      targets: (Awaited<ReturnType<BenchEntry['variants'][number]['prepare']>> | undefined)[];
    };
    const prepared: Prepared[] = [];
    for (const entry of entries) {
      const outcomes: VariantOutcome[] = [];
      const targets: Prepared['targets'] = [];
      for (const variant of entry.variants) {
        try {
          const target = await variant.prepare(ctx);
          targets.push(target);
          outcomes.push({
            kind: 'measured',
            label: variant.label,
            server: variant.server,
            url: target.url.split('?')[0],
            rounds: [],
            baselineRssKiB: [],
          });
        } catch (error) {
          const reason =
            error instanceof SkipError ? error.message : `setup failed: ${(error as Error).message}`;
          targets.push(undefined);
          outcomes.push({
            kind: 'skipped',
            label: variant.label,
            server: variant.server,
            reason: reason.slice(0, 300),
          });
        }
      }
      prepared.push({ entry, outcomes, targets });
    }

    const clientCpu = options.pin ? CLIENT_CPU : undefined;
    for (let round = 0; round < options.rounds; round++) {
      log(`round ${round + 1}/${options.rounds}`);
      for (const p of prepared) {
        for (let i = 0; i < p.entry.variants.length; i++) {
          const target = p.targets[i];
          const outcome = p.outcomes[i];
          if (target === undefined || outcome.kind !== 'measured') continue;
          if (target.verifyLoop === true) {
            const loop = await runVerifyLoop({
              durationSeconds: options.durationSeconds,
              serverCpu: options.pin ? SERVER_CPU : undefined,
            });
            (outcome.rounds as WrkMeasurement[]).push(loop);
            (outcome.baselineRssKiB as number[]).push(0);
            log(
              `  ${p.entry.name.padEnd(17)} ${outcome.label.padEnd(22)} ${loop.requestsPerSecond.toFixed(0).padStart(7)} verifies/s ` +
                `srv ${loop.serverCpuPercent.toFixed(0).padStart(3)}% ${loop.serverCpuMicrosPerRequest.toFixed(1).padStart(6)} µs/verify`,
            );
            await new Promise((r) => setTimeout(r, options.pauseMs));
            continue;
          }
          const baseline = readTreeMemory(listProcessTree(target.serverPid)).rssKiB;
          let measurement: WrkMeasurement;
          try {
            await runWrk(target, {
              durationSeconds: options.warmupSeconds,
              clientCpu,
              serverPid: target.serverPid,
            });
            await new Promise((r) => setTimeout(r, options.pauseMs));
            measurement = await runWrk(target, {
              durationSeconds: options.durationSeconds,
              clientCpu,
              serverPid: target.serverPid,
            });
          } catch (error) {
            log(`  ${p.entry.name} ${outcome.label}: wrk failed: ${(error as Error).message.slice(0, 300)}`);
            if (!isAlive(target.serverPid)) {
              const tail = readLogTail(join(workDir, `${outcome.server}.log`));
              log(
                `  ${outcome.server} (pid ${target.serverPid}) is no longer running${tail ? `: ${tail}` : ''}`,
              );
            }
            continue;
          }
          if ((measurement.errors.status ?? 0) > 0) {
            // Say what the failing answers were: one request by hand right after the run.
            const seen = await probe(target.url, target.method === 'GET' ? (target.headers ?? {}) : {}).then(
              (r) => `${r.status}: ${r.head.replace(/\s+/g, ' ').slice(0, 160)}`,
              (error: unknown) => `probe failed: ${(error as Error).message}`,
            );
            measurement = { ...measurement, errorProbe: seen };
            log(
              `  ${p.entry.name} ${outcome.label}: non-2xx answers; a request right after the run got ${seen}`,
            );
          }
          (outcome.rounds as WrkMeasurement[]).push(measurement);
          (outcome.baselineRssKiB as number[]).push(baseline);
          const errs = Object.entries(measurement.errors)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ');
          log(
            `  ${p.entry.name.padEnd(17)} ${outcome.label.padEnd(22)} ${measurement.requestsPerSecond.toFixed(0).padStart(7)} req/s ` +
              `${measurement.megabytesPerSecond.toFixed(1).padStart(8)} MB/s  p99 ${measurement.p99Ms.toFixed(2).padStart(7)} ms  ` +
              `srv ${measurement.serverCpuPercent.toFixed(0).padStart(3)}% ${measurement.serverCpuMicrosPerRequest.toFixed(1).padStart(6)} µs/req  rss ${(measurement.serverPeakRssKiB / 1024).toFixed(0)} MiB ${errs}`,
          );
          await new Promise((r) => setTimeout(r, options.pauseMs));
        }
      }
    }
    ctx.close();

    const summaries: EntrySummary[] = prepared.map((p) => summarizeEntry(p.entry, p.outcomes));
    log('');
    log(renderTable(summaries));

    const resultsDir = join(import.meta.dirname, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const resultFile = join(resultsDir, `${stamp}.json`);
    writeFileSync(
      resultFile,
      `${JSON.stringify(
        {
          startedAt,
          finishedAt: new Date().toISOString(),
          machine,
          options,
          startupRssKiB,
          summaries,
          raw: prepared.map((p) => ({ entry: p.entry.name, variants: p.outcomes })),
        },
        null,
        2,
      )}\n`,
    );
    formatLikeTheRepo(resultFile);
    log(`\nresults: ${resultFile}`);
    return 0;
  } finally {
    await group.stopAll();
    if (options.keep) log(`kept ${workDir}`);
  }
}

/**
 * `npm run lint` checks bench/ with biome, which does not read .gitignore here: format the (ignored) result file
 * the way biome would, so local results never show up as lint errors. Best effort.
 */
function formatLikeTheRepo(file: string): void {
  const biome = join(import.meta.dirname, '..', 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) return;
  try {
    execFileSync(biome, ['format', '--write', file], { stdio: 'ignore' });
  } catch {
    // A formatting failure leaves a valid JSON file; nothing to do.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first error line of a server's log (a crash prints a stack; its first Error line says why). */
function readLogTail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    const errorLine = lines.find((l) => /Error\b|error:/.test(l));
    return (errorLine ?? lines.slice(-3).join(' ')).replace(/\s+/g, ' ').trim().slice(0, 240);
  } catch {
    return '';
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
