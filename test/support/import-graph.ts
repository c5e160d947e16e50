// The import graph of a source tree and the cycles in it, for the architecture test. A module is a file;
// an edge is a relative `import`/`export … from`/side-effect import/`import()`. `import type` and
// `export type` are erased before the code runs, so they are marked: a cycle through them cannot break
// module initialisation but is still two modules that cannot be understood apart.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type ImportEdge = { readonly target: string; readonly typeOnly: boolean };

/** Module (path relative to the root, `/`-separated) → the modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

const STATIC_IMPORT = /^\s*(import|export)(\s+type)?\s[^;]*?from\s+'(\.[^']+)'/gms;
const SIDE_EFFECT_IMPORT = /^\s*import\s+'(\.[^']+)'/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*'(\.[^']+)'\s*\)/g;

/** The relative imports of one module's source text, as written. */
export function importsOf(source: string): { readonly specifier: string; readonly typeOnly: boolean }[] {
  return [
    ...[...source.matchAll(STATIC_IMPORT)].map((m) => ({ specifier: m[3]!, typeOnly: m[2] !== undefined })),
    ...[...source.matchAll(SIDE_EFFECT_IMPORT)].map((m) => ({ specifier: m[1]!, typeOnly: false })),
    ...[...source.matchAll(DYNAMIC_IMPORT)].map((m) => ({ specifier: m[1]!, typeOnly: false })),
  ];
}

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return moduleFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every non-test `.ts` module under `root` with its relative imports resolved to module paths. */
export function readImportGraph(root: string): ImportGraph {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of moduleFiles(root)) {
    const edges = importsOf(readFileSync(file, 'utf8')).map(({ specifier, typeOnly }) => ({
      target: relative(root, resolve(dirname(file), specifier))
        .split('\\')
        .join('/'),
      typeOnly,
    }));
    graph.set(relative(root, file).split('\\').join('/'), edges);
  }
  return graph;
}

/** The graph without its type-only edges: what runs when the modules load. */
export function runtimeEdges(graph: ImportGraph): ReadonlyMap<string, readonly string[]> {
  return new Map(
    [...graph].map(([module, edges]) => [module, edges.filter((e) => !e.typeOnly).map((e) => e.target)]),
  );
}

export function allEdges(graph: ImportGraph): ReadonlyMap<string, readonly string[]> {
  return new Map([...graph].map(([module, edges]) => [module, edges.map((e) => e.target)]));
}

/**
 * The import cycles of a graph: one entry per strongly connected component that loops (two or more
 * modules, or a module importing itself), written as a path that closes on its first module —
 * `a.ts → b.ts → a.ts`. Targets outside the graph (packages, missing files) are ignored. Iterative
 * (Tarjan's algorithm with an explicit stack), so a long import chain cannot overflow the call stack.
 */
export function findImportCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const successors = (module: string) => (graph.get(module) ?? []).filter((target) => graph.has(target));
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { module: string; position: number }[] = [{ module: start, position: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = successors(frame.module);
      if (frame.position < targets.length) {
        const target = targets[frame.position++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ module: target, position: 0 });
        } else if (onStack.has(target))
          low.set(frame.module, Math.min(low.get(frame.module)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.module, Math.min(low.get(parent.module)!, low.get(frame.module)!));
      if (low.get(frame.module) !== index.get(frame.module)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.module);
      if (component.length > 1 || successors(frame.module).includes(frame.module)) components.push(component);
    }
  }
  return components.map((component) => describeCycle(component, successors)).sort();
}

/** A shortest path from the component's first module (by name) back to itself, through the component. */
function describeCycle(component: readonly string[], successors: (module: string) => string[]): string {
  const members = new Set(component);
  const first = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [first];
  while (queue.length > 0) {
    const module = queue.shift()!;
    for (const target of successors(module)) {
      if (!members.has(target)) continue;
      if (target === first) {
        const backwards = [first, module];
        for (let step = module; step !== first; ) {
          step = cameFrom.get(step)!;
          backwards.push(step);
        }
        return backwards.reverse().join(' → ');
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, module);
        queue.push(target);
      }
    }
  }
  return [...component].sort().join(' → ');
}
