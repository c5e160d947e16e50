// Turns the raw rounds into what the table and the JSON show: medians per variant, per-round ratios and
// their median, and the memory flag for large-object entries.

import type { BenchEntry, VariantOutcome } from '../bench-types.ts';
import { isValidMeasurement } from './run-wrk.ts';

export type VariantSummary = {
  readonly label: string;
  readonly server: string;
  readonly skipped?: string;
  readonly requestsPerSecond?: number;
  readonly megabytesPerSecond?: number;
  readonly p99Ms?: number;
  readonly serverCpuPercent?: number;
  /** Median server CPU µs per request. */
  readonly cpuMicrosPerRequest?: number;
  readonly baselineRssMiB?: number;
  readonly peakRssMiB?: number;
  readonly errors?: Readonly<Record<string, number>>;
  readonly roundsMeasured?: number;
  /** Rounds left out of the medians because more than 1 % of requests failed. */
  readonly roundsInvalid?: number;
  /**
   * Rounds where the server used less than UNSATURATED_CPU_PERCENT of its core: something else (the client, or
   * other load on a shared host) was the limit. Normal for nginx on large bodies (wrk-bound), a warning otherwise.
   */
  readonly roundsUnsaturated?: number;
};

export type RatioSummary = {
  readonly numerator: string;
  readonly denominator: string;
  readonly metric: 'rps' | 'MBps';
  readonly median?: number;
  readonly perRound: readonly number[];
  /**
   * The same ratio from server CPU time per request (denominator's µs/req ÷ numerator's): the per-core ratio,
   * steadier than req/s when other load takes the server's core away part of the time.
   */
  readonly cpuMedian?: number;
  readonly cpuPerRound: readonly number[];
};

export type EntrySummary = {
  readonly name: string;
  readonly title: string;
  readonly metric: 'rps' | 'MBps';
  readonly variants: readonly VariantSummary[];
  readonly ratios: readonly RatioSummary[];
  readonly memoryFlag?: string;
};

export function median(values: readonly number[]): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mib = (kib: number) => kib / 1024;

export const UNSATURATED_CPU_PERCENT = 75;

export function summarizeEntry(entry: BenchEntry, outcomes: readonly VariantOutcome[]): EntrySummary {
  const variants: VariantSummary[] = outcomes.map((o) => {
    if (o.kind === 'skipped') return { label: o.label, server: o.server, skipped: o.reason };
    const ok = o.rounds.filter(isValidMeasurement);
    const errors: Record<string, number> = {};
    for (const r of o.rounds) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    return {
      label: o.label,
      server: o.server,
      requestsPerSecond: median(ok.map((r) => r.requestsPerSecond)),
      megabytesPerSecond: median(ok.map((r) => r.megabytesPerSecond)),
      p99Ms: median(ok.map((r) => r.p99Ms)),
      serverCpuPercent: median(ok.map((r) => r.serverCpuPercent)),
      cpuMicrosPerRequest: median(ok.map((r) => r.serverCpuMicrosPerRequest)),
      baselineRssMiB: median(o.baselineRssKiB.map(mib)),
      peakRssMiB: ok.length === 0 ? undefined : Math.max(...ok.map((r) => mib(r.serverPeakRssKiB))),
      errors,
      roundsMeasured: ok.length,
      roundsInvalid: o.rounds.length - ok.length,
      roundsUnsaturated: ok.filter((r) => r.serverCpuPercent < UNSATURATED_CPU_PERCENT).length,
    };
  });
  const pick = (label: string) => outcomes.find((o) => o.label === label);
  const value = (o: VariantOutcome, round: number) => {
    if (o.kind !== 'measured') return undefined;
    const r = o.rounds[round];
    if (r === undefined || !isValidMeasurement(r)) return undefined;
    return entry.metric === 'rps' ? r.requestsPerSecond : r.megabytesPerSecond;
  };
  const cpuPerRequest = (o: VariantOutcome, round: number) => {
    if (o.kind !== 'measured') return undefined;
    const r = o.rounds[round];
    if (r === undefined || !isValidMeasurement(r)) return undefined;
    // For MB/s entries the work is per byte: CPU µs per request ÷ bytes per request is the same ratio when
    // both sides move the same body, which every entry's pair does.
    return r.serverCpuMicrosPerRequest;
  };
  const ratios: RatioSummary[] = [];
  for (const [num, den] of entry.ratios) {
    const a = pick(num);
    const b = pick(den);
    if (a === undefined || b === undefined || a.kind !== 'measured' || b.kind !== 'measured') continue;
    const perRound: number[] = [];
    const cpuPerRound: number[] = [];
    for (let i = 0; i < Math.min(a.rounds.length, b.rounds.length); i++) {
      const x = value(a, i);
      const y = value(b, i);
      if (x !== undefined && y !== undefined && y > 0) perRound.push(x / y);
      const cx = cpuPerRequest(a, i);
      const cy = cpuPerRequest(b, i);
      if (cx !== undefined && cy !== undefined && cx > 0) cpuPerRound.push(cy / cx);
    }
    ratios.push({
      numerator: num,
      denominator: den,
      metric: entry.metric,
      median: median(perRound),
      perRound,
      cpuMedian: median(cpuPerRound),
      cpuPerRound,
    });
  }
  let memoryFlag: string | undefined;
  const first = outcomes[0];
  if (entry.memoryGrowthLimit !== undefined && first?.kind === 'measured') {
    const baseline = Math.min(...first.baselineRssKiB);
    const peak = Math.max(...first.rounds.map((r) => r.serverPeakRssKiB));
    if (peak > entry.memoryGrowthLimit * baseline) {
      memoryFlag = `${first.label} peak RSS ${mib(peak).toFixed(0)} MiB > ${entry.memoryGrowthLimit}× its idle ${mib(baseline).toFixed(0)} MiB`;
    }
  }
  return { name: entry.name, title: entry.title, metric: entry.metric, variants, ratios, memoryFlag };
}

function fmt(value: number | undefined, digits: number): string {
  if (value === undefined) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Plain-text table, one block per entry, ratios under their entry. */
export function renderTable(entries: readonly EntrySummary[]): string {
  const head = [
    'entry / variant',
    'req/s',
    'MB/s',
    'p99 ms',
    'srv CPU %',
    'CPU µs/req',
    'RSS idle→peak MiB',
    'errors',
  ];
  const rows: string[][] = [head];
  const notes: string[] = [];
  for (const e of entries) {
    rows.push([`${e.name}  (${e.title})`, '', '', '', '', '', '', '']);
    for (const v of e.variants) {
      if (v.skipped !== undefined) {
        rows.push([`  ${v.label}`, `skipped: ${v.skipped}`, '', '', '', '', '', '']);
        continue;
      }
      const errors = [
        ...Object.entries(v.errors ?? {}).map(([k, n]) => `${k} ${n}`),
        ...(v.roundsInvalid ? [`${v.roundsInvalid} round(s) left out`] : []),
        ...(v.roundsUnsaturated
          ? [`${v.roundsUnsaturated} round(s) srv < ${UNSATURATED_CPU_PERCENT}% CPU`]
          : []),
      ].join(', ');
      rows.push([
        `  ${v.label}`,
        fmt(v.requestsPerSecond, 0),
        fmt(v.megabytesPerSecond, 1),
        fmt(v.p99Ms, 2),
        fmt(v.serverCpuPercent, 0),
        fmt(v.cpuMicrosPerRequest, 1),
        `${fmt(v.baselineRssMiB, 0)} → ${fmt(v.peakRssMiB, 0)}`,
        errors,
      ]);
    }
    for (const r of e.ratios) {
      const unit = r.metric === 'rps' ? 'req/s' : 'MB/s';
      const rounds = r.perRound.map((x) => x.toFixed(2)).join(' ');
      const cpuRounds = r.cpuPerRound.map((x) => x.toFixed(2)).join(' ');
      rows.push([
        `  ratio ${r.numerator} / ${r.denominator}`,
        `${fmt(r.median, 2)}× ${unit}`,
        `rounds: ${rounds}; per CPU µs/req: ${fmt(r.cpuMedian, 2)}× (rounds: ${cpuRounds})`,
        '',
        '',
        '',
        '',
        '',
      ]);
    }
    if (e.memoryFlag !== undefined) notes.push(`MEMORY FLAG ${e.name}: ${e.memoryFlag}`);
  }
  const isData = (r: string[]) =>
    !r[1].startsWith('skipped') && !r[0].startsWith('  ratio') && !r.slice(1).every((c) => c === '');
  const widths = head.map((_, i) => Math.max(...rows.filter(isData).map((r) => r[i].length)));
  const lines = rows.map((r) => {
    if (r[1].startsWith('skipped')) return `${r[0].padEnd(widths[0])}  ${r[1]}`;
    if (r[0].startsWith('  ratio')) return `${r[0].padEnd(widths[0])}  ${r[1]}  ${r[2]}`;
    if (r.slice(1).every((c) => c === '')) return r[0];
    return r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  });
  return [...lines, ...notes].join('\n');
}
