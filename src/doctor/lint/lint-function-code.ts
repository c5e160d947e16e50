// Static checks of a CloudFront function before it is deployed: code over the size quota, syntax outside
// the runtime's subset, and assignments to headers the function may not change ("Restrictions on all edge
// functions": read-only and disallowed headers). Each would make CloudFront answer with a function error.

import type { EdgeSnapshot } from '../../edge/config/index.ts';
import type { CompiledFunction, FunctionEventType } from '../../edge/functions/index.ts';
import { isDisallowedHeader, isReadOnlyHeader, tokenize } from '../../edge/functions/index.ts';
import type { LintFinding } from './lint-distribution.ts';

export type FunctionLintInput = {
  readonly fn: CompiledFunction;
  /** The event types the function is associated with. */
  readonly eventTypes: readonly FunctionEventType[];
  /** JSON path of the function's entry, e.g. `edge.functions[0]`. */
  readonly jsonPath: string;
};

type HeaderWrite = { readonly name: string; readonly line: number };

/** `headers['x'] =`, `headers.x =`, `delete headers['x']` / `delete headers.x`, with the header name. */
function headerWrites(code: string): HeaderWrite[] {
  const tokens = tokenize(code);
  const writes: HeaderWrite[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'name' || token.value !== 'headers') return;
    const open = tokens[index + 1];
    const key = tokens[index + 2];
    let name: string | undefined;
    let after = index + 3;
    if (open?.value === '[' && key?.kind === 'string' && tokens[index + 3]?.value === ']') {
      name = key.value.slice(1, -1);
      after = index + 4;
    } else if (open?.value === '.' && key?.kind === 'name') {
      name = key.value;
    }
    if (name === undefined) return;
    const assigned = tokens[after]?.value === '=';
    let start = index;
    while (start >= 2 && tokens[start - 1]?.value === '.' && tokens[start - 2]?.kind === 'name') start -= 2;
    const deleted = tokens[start - 1]?.value === 'delete';
    if (assigned || deleted) writes.push({ name: name.toLowerCase(), line: token.line });
  });
  return writes;
}

export function lintFunctionCode(input: FunctionLintInput): LintFinding[] {
  const findings: LintFinding[] = [];
  const { fn, jsonPath } = input;
  for (const problem of fn.problems) {
    findings.push({
      code: problem.code === 'FunctionSizeLimitExceeded' ? 'function-too-large' : 'function-code-invalid',
      severity: 'error',
      jsonPath: `${jsonPath}.Code`,
      message: `Function ${fn.name}${problem.line === undefined ? '' : ` (line ${problem.line})`}: ${problem.message}. CloudFront answers every request through it with a 503 FunctionExecutionError.`,
      fix:
        problem.code === 'FunctionSizeLimitExceeded'
          ? 'Shrink the code below 10 KB (minify it, move data into a KeyValueStore).'
          : `Rewrite the code within what ${fn.runtime} supports (docs/functions.md, Runtime).`,
    });
  }
  for (const write of headerWrites(fn.code)) {
    if (isDisallowedHeader(write.name)) {
      findings.push({
        code: 'function-adds-disallowed-header',
        severity: 'error',
        jsonPath: `${jsonPath}.Code`,
        message: `Function ${fn.name} (line ${write.line}) sets ${write.name}, a header edge functions may not add: CloudFront fails the request with a 502.`,
        fix: `Remove the ${write.name} assignment.`,
      });
      continue;
    }
    const eventType = input.eventTypes.find((type) => isReadOnlyHeader(type, write.name));
    if (eventType !== undefined) {
      findings.push({
        code: 'function-changes-read-only-header',
        severity: 'error',
        jsonPath: `${jsonPath}.Code`,
        message: `Function ${fn.name} (line ${write.line}) changes ${write.name}, read-only in ${eventType} functions: CloudFront fails the request with a 502.`,
        fix: `Leave ${write.name} as CloudFront passes it; set a different header for the origin to read.`,
      });
    }
  }
  return findings;
}

/** Every function of `edge.functions`, with the event types the distributions associate it with. */
export function lintEdgeFunctions(
  snapshot: EdgeSnapshot,
  sources: readonly { readonly name: string; readonly arn: string; readonly jsonPath: string }[],
): LintFinding[] {
  return sources.flatMap((source) => {
    const entry = snapshot.functions.functions.get(source.name);
    if (entry === undefined) return [];
    const eventTypes = new Set<FunctionEventType>();
    for (const distribution of snapshot.distributions)
      for (const behavior of distribution.behaviors)
        for (const [eventType, arn] of Object.entries(behavior.functionAssociations))
          if (arn === source.arn || arn?.endsWith(`:function/${source.name}`))
            eventTypes.add(eventType as FunctionEventType);
    return lintFunctionCode({ fn: entry.compiled, eventTypes: [...eventTypes], jsonPath: source.jsonPath });
  });
}
