// Turns the edge's trace of one exchange into report stages: behavior, signed access, cache, origin
// request, origin CORS and response headers, each with an outcome and a one-line summary.

import type { HttpExchange } from './doctor-observation.ts';
import type { DoctorStage } from './doctor-report.ts';

export function describeTraceStages(exchange: HttpExchange): DoctorStage[] {
  const trace = exchange.trace;
  if (trace === undefined) {
    return exchange.traceError === undefined
      ? []
      : [
          {
            name: 'edge-behavior',
            outcome: 'info',
            summary: `edge trace ${exchange.traceId ?? ''} unavailable: ${exchange.traceError}`,
          },
        ];
  }
  const stages: DoctorStage[] = [];
  const b = trace.behavior;
  if (b !== undefined) {
    stages.push({
      name: 'edge-behavior',
      outcome: b.outcome === 'matched' ? 'ok' : 'failed',
      summary: `${exchange.method} matched behavior ${b.pathPattern}${b.targetOriginId ? ` → origin ${b.targetOriginId}` : ''}${b.outcome === 'matched' ? '' : ` — ${b.outcome}`}`,
    });
  }
  if (trace.signedAccess !== undefined) {
    const s = trace.signedAccess;
    stages.push({
      name: 'signed-access',
      outcome: s.kind === 'denied' ? 'failed' : 'ok',
      summary:
        s.kind === 'not-required'
          ? 'no signature required'
          : `${s.kind}${s.code ? ` ${s.code}` : ''}${s.detail ? `: ${s.detail}` : ''}`,
    });
  }
  if (trace.cache !== undefined) {
    const c = trace.cache;
    const storedUnder =
      c.storedConfigEtag === undefined
        ? ''
        : `; entry stored${c.storedAt ? ` at ${c.storedAt}` : ''} under config ${c.storedConfigEtag}${trace.configEtag === undefined ? '' : c.storedConfigEtag === trace.configEtag ? ' (the current one)' : ` (now ${trace.configEtag})`}`;
    stages.push({
      name: 'cache',
      outcome:
        c.storedConfigEtag !== undefined &&
        trace.configEtag !== undefined &&
        c.storedConfigEtag !== trace.configEtag
          ? 'warning'
          : 'info',
      summary: `${c.result}; key headers: ${c.keyHeaders.length === 0 ? 'none' : c.keyHeaders.join(', ')}${c.key ? ` (key ${c.key})` : ''}${storedUnder}`,
    });
  }
  if (trace.originRequestHeaders !== undefined) {
    const origin = trace.originRequestHeaders.origin;
    stages.push({
      name: 'origin-request',
      outcome: origin === undefined ? 'warning' : 'ok',
      summary:
        origin === undefined
          ? 'sent to the origin WITHOUT Origin'
          : `sent to the origin with Origin: ${origin}`,
      details: { headers: trace.originRequestHeaders },
    });
  }
  if (trace.originResponse !== undefined) {
    const h = trace.originResponse.headers;
    const acao = h['access-control-allow-origin'];
    stages.push({
      name: 'origin-cors',
      outcome: acao === undefined ? 'warning' : 'ok',
      summary: `origin answered ${trace.originResponse.status}${acao === undefined ? ' without CORS headers' : ` with Access-Control-Allow-Origin: ${acao}${h['access-control-allow-credentials'] ? `, Access-Control-Allow-Credentials: ${h['access-control-allow-credentials']}` : ''}`}`,
    });
  }
  if (trace.responseHeaders !== undefined) {
    const r = trace.responseHeaders;
    const added = r.added.map(([n, v]) => `${n}: ${v}`).join(', ');
    stages.push({
      name: 'response-headers',
      outcome: 'info',
      summary: `policy ${r.policyId ?? 'none'}${added ? ` added ${added}` : ' added nothing'}${r.removed.length > 0 ? `; removed ${r.removed.join(', ')}` : ''}`,
    });
  }
  return stages;
}
