// What the edge actually answered, kept for the demo page: the browser hides a blocked response from
// page scripts, so the demo shows the edge's side from its own records (access log + trace).

import type { Logger, LogFields } from '../log/logger.ts';

export type EdgeAnswer = {
  readonly timeMs: number;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly xCache: string;
  readonly corsHeaders: Readonly<Record<string, string>>;
};

export type EdgeAnswerLog = {
  /** A logger that records `edge-access` events and passes everything on to `inner`. */
  readonly logger: Logger;
  readonly since: (timeMs: number) => readonly EdgeAnswer[];
  /** Adds the final headers of a traced request (from the edge's trace ring) to its record. */
  readonly addHeaders: (requestId: string, headers: readonly (readonly [string, string])[]) => void;
};

const CAPACITY = 500;

export function createEdgeAnswerLog(inner: Logger, nowMs: () => number = Date.now): EdgeAnswerLog {
  const answers: EdgeAnswer[] = [];
  const headersByRequest = new Map<string, Record<string, string>>();
  const record = (event: string, fields?: LogFields): void => {
    if (event !== 'edge-access' || fields === undefined) return;
    const requestId = String(fields['x-edge-request-id'] ?? '');
    answers.push({
      timeMs: nowMs(),
      requestId,
      method: String(fields['cs-method'] ?? ''),
      path: String(fields['cs-uri-stem'] ?? ''),
      status: Number(fields['sc-status'] ?? 0),
      xCache: `${String(fields['x-edge-result-type'] ?? '')} from cloudfront`,
      corsHeaders: headersByRequest.get(requestId) ?? {},
    });
    if (answers.length > CAPACITY) answers.splice(0, answers.length - CAPACITY);
  };
  const wrap = (target: Logger): Logger => ({
    debug: (event, fields) => target.debug(event, fields),
    info: (event, fields) => {
      record(event, fields);
      target.info(event, fields);
    },
    warn: (event, fields) => target.warn(event, fields),
    error: (event, fields) => target.error(event, fields),
    child: (fields) => wrap(target.child(fields)),
  });
  return {
    logger: wrap(inner),
    since: (timeMs) => answers.filter((answer) => answer.timeMs >= timeMs),
    addHeaders: (requestId, headers) => {
      const cors: Record<string, string> = {};
      for (const [name, value] of headers) {
        if (/^(access-control-|vary$)/i.test(name)) cors[name] = value;
      }
      headersByRequest.set(requestId, cors);
    },
  };
}
