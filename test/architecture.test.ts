// Keeps the folder tree honest as the architecture diagram: which component may import which,
// `process.env` read only at the entry point, library folders free of process-level concerns, every
// module within the size budget (docs/architecture.md, "Conventions in force"), and no import cycles.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { allEdges, findImportCycles, readImportGraph, runtimeEdges } from './support/import-graph.ts';

const SRC = resolve(import.meta.dirname, '../src');

/** component → components it may import (itself always allowed). `*` = anything. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  log: [],
  xml: [],
  http: ['log'],
  tls: [],
  signer: [],
  cors: ['edge', 'xml'], // edge: type-only (the compiled response headers policy shape); xml: the escaper
  store: [],
  config: ['edge', 's3'], // section parsers
  s3: ['config', 'cors', 'http', 'log', 'signer', 'store', 'xml'],
  edge: ['config', 'cors', 'http', 'log', 'signer', 'xml'],
  doctor: ['config', 'cors', 'edge', 'http', 'log', 's3', 'signer'],
  console: ['doctor', 'edge'], // the edge's live state and trace types; the doctor's diagnosis
  server: ['config', 'console', 'control', 'edge', 'log', 's3', 'store'],
  control: ['config', 'edge', 'log', 'signer', 'xml'],
  demo: ['config', 'console', 'edge', 'log', 'server', 'signer', 'tls', 'store'],
  cli: ['*'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function componentOf(file: string): string {
  const [first] = relative(SRC, file).split('/');
  return first!.endsWith('.ts') ? 'main' : first!;
}

function relativeImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => m[1]!);
}

test('components import only the components the architecture allows', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = componentOf(file);
    if (from === 'main') continue;
    const allowed = ALLOWED[from];
    assert.ok(allowed, `src/${from}/ is not listed in the architecture test: add its allowed imports`);
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const target = componentOf(resolve(dirname(file), specifier));
      if (target === from || allowed.includes('*') || allowed.includes(target)) continue;
      violations.push(`${relative(SRC, file)} imports ${specifier} (${from} → ${target})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('process.env is read only by the process entry point', () => {
  const readers = sourceFiles(SRC)
    .filter((file) => readFileSync(file, 'utf8').includes('process.env'))
    .map((file) => relative(SRC, file));
  assert.deepEqual(readers, ['main.ts']);
});

test('library components never exit the process or write to the console', () => {
  const libraries = new Set(['signer', 'cors', 'xml', 'store', 'http', 'edge', 's3', 'control']);
  const offenders = sourceFiles(SRC)
    .filter((file) => libraries.has(componentOf(file)))
    .filter((file) => /process\.exit\(|console\.(log|error|warn)\(/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));
  assert.deepEqual(offenders, []);
});

/** Lines a non-test module may have; 400 already calls for a split review, ~250 is the budget. */
const MAX_MODULE_LINES = 600;

/**
 * Modules allowed past MAX_MODULE_LINES, each with the reason. Only catalog tables belong here for good
 * (docs/architecture.md); anything else is temporary and names the split it is waiting for.
 */
const OVERSIZED_MODULES: Readonly<Record<string, string>> = {};

function lineCount(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length - 1;
}

test('non-test modules stay within the size budget, and the allow-list holds only modules still over it', () => {
  const modules = new Map(sourceFiles(SRC).map((file) => [relative(SRC, file), lineCount(file)]));
  const oversized = [...modules]
    .filter(([module, lines]) => lines > MAX_MODULE_LINES && OVERSIZED_MODULES[module] === undefined)
    .map(([module, lines]) => `${module}: ${lines} lines (limit ${MAX_MODULE_LINES})`);
  const stale = Object.keys(OVERSIZED_MODULES)
    .filter((module) => (modules.get(module) ?? 0) <= MAX_MODULE_LINES)
    .map(
      (module) =>
        `${module} is allow-listed but within the budget (or gone): remove it from OVERSIZED_MODULES`,
    );
  assert.deepEqual([...oversized, ...stale], []);
});

/**
 * Cycles through `import type` only, each with the reason it is tolerated for now. Runtime cycles are never
 * tolerated; an entry that no longer matches a cycle fails the test, so the list only shrinks.
 */
const TYPE_ONLY_CYCLES: Readonly<Record<string, string>> = {};

test('modules never import each other in a cycle at runtime', () => {
  assert.deepEqual(findImportCycles(runtimeEdges(readImportGraph(SRC))), []);
});

test('modules never import each other in a cycle through types either, apart from the listed ones', () => {
  const cycles = findImportCycles(allEdges(readImportGraph(SRC)));
  const unlisted = cycles.filter((cycle) => TYPE_ONLY_CYCLES[cycle] === undefined);
  const stale = Object.keys(TYPE_ONLY_CYCLES)
    .filter((cycle) => !cycles.includes(cycle))
    .map((cycle) => `${cycle} is listed in TYPE_ONLY_CYCLES but is no longer a cycle: remove it`);
  assert.deepEqual([...unlisted, ...stale], []);
});
