// What the edge actually answered, kept for the demo page: the browser hides a blocked response from
// page scripts, so the demo shows the edge's side from its own records (access log + trace).

import type { EdgeTrace } from '../edge/index.ts';
import type { Logger, LogFields } from '../log/logger.ts';

export type EdgeAnswer = {
  readonly timeMs: number;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly xCache: string;
  readonly corsHeaders: Readonly<Record<string, string>>;
  /** The signed-access check as the edge decided it, e.g. `denied: MissingKey` or `allowed (cookie)`. */
  readonly signedAccess?: string;
};

export type EdgeAnswerLog = {
  /** A logger that records `edge-access` events and passes everything on to `inner`. */
  readonly logger: Logger;
  readonly since: (timeMs: number) => readonly EdgeAnswer[];
  /** Adds what a traced request's trace says (final headers, signed-access decision) to its record. */
  readonly addTrace: (trace: EdgeTrace) => void;
};

const CAPACITY = 500;

export function createEdgeAnswerLog(inner: Logger, nowMs: () => number = Date.now): EdgeAnswerLog {
  const answers: EdgeAnswer[] = [];
  const traced = new Map<string, { corsHeaders: Record<string, string>; signedAccess?: string }>();
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
      corsHeaders: traced.get(requestId)?.corsHeaders ?? {},
      signedAccess: traced.get(requestId)?.signedAccess,
    });
    traced.delete(requestId);
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
    // The demo reads `edge-access` records whatever the output level is.
    isEnabled: (level) => level === 'info' || target.isEnabled(level),
  });
  return {
    logger: wrap(inner),
    since: (timeMs) => answers.filter((answer) => answer.timeMs >= timeMs),
    addTrace: (trace) => {
      const corsHeaders: Record<string, string> = {};
      let signedAccess: string | undefined;
      for (const entry of trace.entries) {
        if (entry.stage === 'send') {
          for (const [name, value] of entry.headers) {
            if (/^(access-control-|vary$)/i.test(name)) corsHeaders[name.toLowerCase()] = value;
          }
        } else if (entry.stage === 'check-signed-access' && entry.required) {
          signedAccess =
            entry.decision === 'denied'
              ? `denied: ${entry.code ?? 'AccessDenied'}`
              : `allowed by signed ${(entry.detail as { via?: string } | undefined)?.via ?? 'request'}`;
        }
      }
      traced.set(trace.requestId, { corsHeaders, signedAccess });
      if (traced.size > CAPACITY) traced.delete(traced.keys().next().value as string);
    },
  };
}
