// The language subset each CloudFront Functions runtime accepts, checked before the engine compiles the code.
// Sources: "JavaScript runtime 1.0 features for CloudFront Functions" (no `const`/`let`; no async/await;
// built-in modules through `require`), "JavaScript runtime 2.0 features for CloudFront Functions"
// (`const`, `let`, `async`/`await`, `import cf from 'cloudfront'`), and CloudFront's answer to an `export`
// in function code ("SyntaxError: Illegal export statement"). docs/decisions/functions-engine.md lists what
// the engine accepts beyond these documented limits.

import type { FunctionRuntime } from './function-limits.ts';
import { type SourceToken, tokenize } from './source-tokens.ts';

export interface CodeIssue {
  readonly line: number;
  readonly message: string;
}

/** Built-in modules a function may load, by runtime ("Built-in modules"; `cloudfront` and `buffer` need 2.0). */
export const BUILT_IN_MODULES: Readonly<Record<FunctionRuntime, readonly string[]>> = {
  'cloudfront-js-1.0': ['crypto', 'querystring'],
  'cloudfront-js-2.0': ['crypto', 'querystring', 'buffer', 'cloudfront'],
};

export interface PreparedSource {
  /** The code as the engine runs it: each `import x from 'm'` turned into `var x = require('m')`. */
  readonly program: string;
  readonly issues: readonly CodeIssue[];
  /** Built-in modules the code names statically. */
  readonly modules: readonly string[];
}

function startsStatement(previous: SourceToken | undefined): boolean {
  return previous === undefined || (previous.kind === 'punct' && [';', '}', '{'].includes(previous.value));
}

function isPropertyName(previous: SourceToken | undefined): boolean {
  return previous?.kind === 'punct' && (previous.value === '.' || previous.value === '?.');
}

function moduleName(token: SourceToken | undefined): string | undefined {
  return token?.kind === 'string' ? token.value.slice(1, -1) : undefined;
}

export function prepareSource(code: string, runtime: FunctionRuntime): PreparedSource {
  const tokens = tokenize(code);
  const issues: CodeIssue[] = [];
  const modules = new Set<string>();
  const rewrites: { start: number; end: number; text: string }[] = [];
  const allowedModules = BUILT_IN_MODULES[runtime];
  const isV1 = runtime === 'cloudfront-js-1.0';
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind !== 'name') continue;
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (isPropertyName(previous)) continue;
    switch (token.value) {
      case 'export':
        issues.push({ line: token.line, message: 'SyntaxError: Illegal export statement' });
        break;
      case 'import': {
        if (next?.kind === 'punct' && next.value === '(') {
          issues.push({ line: token.line, message: 'SyntaxError: dynamic import() is not supported' });
          break;
        }
        if (next?.kind === 'punct' && next.value === '.') break;
        const from = tokens[index + 2];
        const specifier = moduleName(tokens[index + 3]);
        if (
          next?.kind !== 'name' ||
          from?.value !== 'from' ||
          specifier === undefined ||
          !startsStatement(previous)
        ) {
          issues.push({
            line: token.line,
            message: 'SyntaxError: only `import name from "module"` is supported',
          });
          break;
        }
        if (isV1) {
          issues.push({
            line: token.line,
            message: 'SyntaxError: import statements need runtime cloudfront-js-2.0',
          });
          break;
        }
        if (!allowedModules.includes(specifier)) {
          issues.push({ line: token.line, message: `Error: Cannot find module "${specifier}"` });
          break;
        }
        modules.add(specifier);
        const semicolon = tokens[index + 4];
        const end =
          semicolon?.kind === 'punct' && semicolon.value === ';' ? semicolon.end : tokens[index + 3]!.end;
        const newlines = code.slice(token.start, end).split('\n').length - 1;
        rewrites.push({
          start: token.start,
          end,
          text: `var ${next.value} = require(${JSON.stringify(specifier)});${'\n'.repeat(newlines)}`,
        });
        break;
      }
      case 'require': {
        const specifier = moduleName(tokens[index + 2]);
        if (next?.value !== '(' || specifier === undefined) break;
        if (allowedModules.includes(specifier)) modules.add(specifier);
        else issues.push({ line: token.line, message: `Error: Cannot find module "${specifier}"` });
        break;
      }
      case 'const':
      case 'let':
        if (isV1)
          issues.push({
            line: token.line,
            message: `SyntaxError: "${token.value}" is not supported in ${runtime}`,
          });
        break;
      case 'async':
        if (
          isV1 &&
          (next?.value === 'function' || next?.value === '(' || tokens[index + 2]?.value === '=>')
        ) {
          issues.push({
            line: token.line,
            message: `SyntaxError: async functions are not supported in ${runtime}`,
          });
        }
        break;
      case 'await':
        if (isV1)
          issues.push({ line: token.line, message: `SyntaxError: await is not supported in ${runtime}` });
        break;
    }
  }
  let program = code;
  for (const rewrite of rewrites.reverse()) {
    program = program.slice(0, rewrite.start) + rewrite.text + program.slice(rewrite.end);
  }
  return { program, issues, modules: [...modules] };
}
