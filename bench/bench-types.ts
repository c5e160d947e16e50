// Shapes shared by the harness: what an entry is, what a prepared variant hands to wrk, and the outcome of a run.

import type { BenchContext } from './bench-context.ts';
import type { FixtureName } from './lib/fixtures.ts';
import type { WrkMeasurement, WrkTarget } from './lib/run-wrk.ts';

/** `node` is no server: the bare-Node verify loop (sides/node-verify-loop.ts), measured without wrk. */
export type ServerName = 'frontgate' | 's3rver' | 'nginx' | 'node';

/** A variant whose server or setup is missing says why instead of failing the run. */
export class SkipError extends Error {}

export type PreparedVariant =
  | (WrkTarget & { readonly serverPid: number; readonly verifyLoop?: undefined })
  /** Not an HTTP variant: the harness runs the bare-Node verify loop on the server CPU instead of wrk. */
  | { readonly verifyLoop: true; readonly url: string };

export type BenchVariant = {
  /** Short label printed in the table, e.g. `frontgate`, `nginx`, `signed cookie`. */
  readonly label: string;
  readonly server: ServerName;
  /** Seeds objects, checks one request by hand (status, size, cache state) and returns wrk's target. */
  readonly prepare: (ctx: BenchContext) => Promise<PreparedVariant>;
};

export type BenchEntry = {
  readonly name: string;
  readonly group: 's3' | 'edge' | 'signed' | 'functions';
  readonly title: string;
  /** The figure the ratio is taken on. */
  readonly metric: 'rps' | 'MBps';
  readonly fixtures: readonly FixtureName[];
  readonly servers: readonly ServerName[];
  /** Pairs [numerator label, denominator label] printed as ratios (per round, then the median). */
  readonly ratios: readonly (readonly [string, string])[];
  /** Flag the first variant if its peak RSS exceeds this multiple of its RSS before the run. */
  readonly memoryGrowthLimit?: number;
  readonly variants: readonly BenchVariant[];
};

export type VariantOutcome =
  | { readonly kind: 'skipped'; readonly label: string; readonly server: ServerName; readonly reason: string }
  | {
      readonly kind: 'measured';
      readonly label: string;
      readonly server: ServerName;
      readonly url: string;
      readonly rounds: readonly WrkMeasurement[];
      /** RSS of the idle server right before each round's warm-up (KiB). */
      readonly baselineRssKiB: readonly number[];
    };
