// What the demo keeps to explain a step after the fact: every edge trace (the edge runs with traceAll) and
// every answer of the story's backend that set cookies, each with the time it happened.

import type { EdgeTrace } from '../edge/index.ts';

export type IssuedCookies = {
  readonly atMs: number;
  /** The URL the page fetched, as the browser saw it (scheme and host decide whether cookies are kept). */
  readonly url: string;
  readonly setCookie: readonly string[];
};

export type DemoRecords = {
  readonly addTrace: (trace: EdgeTrace) => void;
  readonly addIssuedCookies: (issued: Omit<IssuedCookies, 'atMs'>) => void;
  readonly tracesSince: (timeMs: number) => readonly EdgeTrace[];
  /** The newest backend answer that set (not cleared) cookies since `timeMs`. */
  readonly issuedSince: (timeMs: number) => IssuedCookies | undefined;
  readonly clear: () => void;
};

const CAPACITY = 500;

export function createDemoRecords(nowMs: () => number = Date.now): DemoRecords {
  const traces: { atMs: number; trace: EdgeTrace }[] = [];
  const issued: IssuedCookies[] = [];
  return {
    addTrace: (trace) => {
      traces.push({ atMs: nowMs(), trace });
      if (traces.length > CAPACITY) traces.splice(0, traces.length - CAPACITY);
    },
    addIssuedCookies: (record) => {
      issued.push({ ...record, atMs: nowMs() });
      if (issued.length > CAPACITY) issued.splice(0, issued.length - CAPACITY);
    },
    tracesSince: (timeMs) => traces.filter((t) => t.atMs >= timeMs).map((t) => t.trace),
    issuedSince: (timeMs) => issued.filter((i) => i.atMs >= timeMs).at(-1),
    clear: () => {
      traces.length = 0;
      issued.length = 0;
    },
  };
}
