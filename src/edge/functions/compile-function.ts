// Function code as CloudFront holds it: checked against the size quota ("Quotas on CloudFront Functions":
// 10 KB), the runtime's language subset and the engine's compiler. A function with problems still exists
// (CloudFront answers every request through it with a function error); the control plane decides which
// problems refuse a CreateFunction/UpdateFunction (docs/functions.md).

import type { FunctionEngine } from './function-engine.ts';
import { FUNCTION_RUNTIMES, FUNCTION_SIZE_QUOTA_BYTES, type FunctionRuntime } from './function-limits.ts';
import { prepareSource } from './runtime-subset.ts';

export type CodeProblemCode =
  | 'FunctionSizeLimitExceeded'
  | 'InvalidRuntime'
  | 'UnsupportedSyntax'
  | 'SyntaxError';

export interface CodeProblem {
  readonly code: CodeProblemCode;
  readonly message: string;
  readonly line?: number;
}

export interface FunctionDefinition {
  readonly name: string;
  readonly runtime: string;
  readonly code: string | Uint8Array;
}

export interface CompiledFunction {
  readonly name: string;
  readonly runtime: FunctionRuntime;
  readonly code: string;
  readonly codeSizeBytes: number;
  /** What the engine evaluates (imports rewritten to require). */
  readonly program: string;
  /** Empty when the function can run. */
  readonly problems: readonly CodeProblem[];
}

export function isFunctionRuntime(value: string): value is FunctionRuntime {
  return (FUNCTION_RUNTIMES as readonly string[]).includes(value);
}

/**
 * Everything but the engine's compiler: size, runtime and language subset. A syntax error in a prepared
 * function surfaces when it first runs (as a FunctionExecutionError) or through `compileFunction`.
 */
export function prepareFunction(definition: FunctionDefinition): CompiledFunction {
  const code =
    typeof definition.code === 'string' ? definition.code : Buffer.from(definition.code).toString('utf8');
  const codeSizeBytes = Buffer.byteLength(code);
  const problems: CodeProblem[] = [];
  if (codeSizeBytes > FUNCTION_SIZE_QUOTA_BYTES) {
    problems.push({
      code: 'FunctionSizeLimitExceeded',
      message: `The function code is ${codeSizeBytes} bytes; the quota is ${FUNCTION_SIZE_QUOTA_BYTES} bytes`,
    });
  }
  const runtime: FunctionRuntime = isFunctionRuntime(definition.runtime)
    ? definition.runtime
    : 'cloudfront-js-2.0';
  if (!isFunctionRuntime(definition.runtime)) {
    problems.push({
      code: 'InvalidRuntime',
      message: `Runtime must be one of ${FUNCTION_RUNTIMES.join(', ')}`,
    });
  }
  const prepared = prepareSource(code, runtime);
  for (const issue of prepared.issues)
    problems.push({ code: 'UnsupportedSyntax', message: issue.message, line: issue.line });
  return { name: definition.name, runtime, code, codeSizeBytes, program: prepared.program, problems };
}

/** `prepareFunction` plus the engine's compiler, as CreateFunction/UpdateFunction need it. */
export async function compileFunction(
  engine: FunctionEngine,
  definition: FunctionDefinition,
): Promise<CompiledFunction> {
  const prepared = prepareFunction(definition);
  if (prepared.problems.some((problem) => problem.code === 'UnsupportedSyntax')) return prepared;
  const syntaxError = await engine.compile(prepared.program);
  if (syntaxError === undefined) return prepared;
  return { ...prepared, problems: [...prepared.problems, { code: 'SyntaxError', message: syntaxError }] };
}
