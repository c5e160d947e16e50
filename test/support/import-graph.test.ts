import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { allEdges, findImportCycles, importsOf, readImportGraph, runtimeEdges } from './import-graph.ts';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

test('a graph without loops has no cycles, diamonds and imports of unknown modules included', () => {
  const cycles = findImportCycles(
    graph({
      'a.ts': ['b.ts', 'c.ts', 'node:fs'],
      'b.ts': ['d.ts'],
      'c.ts': ['d.ts', 'missing.ts'],
      'd.ts': [],
    }),
  );
  assert.deepEqual(cycles, []);
});

test('a loop through three modules is reported once, as a path that closes on its first module', () => {
  const cycles = findImportCycles(
    graph({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts', 'd.ts'], 'd.ts': [] }),
  );
  assert.deepEqual(cycles, ['a.ts → b.ts → c.ts → a.ts']);
});

test('a module importing itself and two separate loops are each a cycle', () => {
  const cycles = findImportCycles(
    graph({
      'self.ts': ['self.ts'],
      'x/one.ts': ['x/two.ts'],
      'x/two.ts': ['x/one.ts'],
      'y/one.ts': ['y/two.ts'],
      'y/two.ts': ['y/three.ts'],
      'y/three.ts': ['y/two.ts'],
    }),
  );
  assert.deepEqual(cycles, [
    'self.ts → self.ts',
    'x/one.ts → x/two.ts → x/one.ts',
    'y/three.ts → y/two.ts → y/three.ts',
  ]);
});

test('a strongly connected tangle is one cycle named by a shortest loop through its first module', () => {
  const cycles = findImportCycles(
    graph({ 'a.ts': ['b.ts', 'c.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts', 'b.ts'] }),
  );
  assert.deepEqual(cycles, ['a.ts → c.ts → a.ts']);
});

test('a chain of 20,000 imports closing on itself is found without exhausting the call stack', () => {
  const edges: Record<string, string[]> = {};
  for (let i = 0; i < 20_000; i++) edges[`m${i}.ts`] = [`m${(i + 1) % 20_000}.ts`];
  const [cycle] = findImportCycles(graph(edges));
  assert.ok(cycle?.startsWith('m0.ts → m1.ts → '), cycle?.slice(0, 40));
  assert.ok(cycle?.endsWith('→ m19999.ts → m0.ts'));
});

test('import forms: value, type-only, re-export, side effect and dynamic imports; packages are not relative', () => {
  const source = [
    "import { a } from './a.ts';",
    "import type { B } from './b.ts';",
    "import {\n  type C,\n  c,\n} from '../c.ts';",
    "export type { D } from './d.ts';",
    "export { e } from './e.ts';",
    "import './f.ts';",
    "const g = await import('./g.ts');",
    "import { readFileSync } from 'node:fs';",
  ].join('\n');
  assert.deepEqual(
    importsOf(source).map((i) => `${i.specifier}${i.typeOnly ? ' (type)' : ''}`),
    ['./a.ts', './b.ts (type)', '../c.ts', './d.ts (type)', './e.ts', './f.ts', './g.ts'],
  );
});

test('a real tree with a cycle: the full graph shows it; a cycle through a type-only import is not a runtime cycle', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'frontgate-import-graph-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'stages'));
  await writeFile(
    join(root, 'pipeline.ts'),
    "import { receive } from './stages/receive.ts';\nexport const run = receive;\n",
  );
  await writeFile(
    join(root, 'stages/receive.ts'),
    "import type { run } from '../pipeline.ts';\nexport const receive = (r: typeof run) => r;\n",
  );
  await writeFile(
    join(root, 'stages/send.ts'),
    "import { sink } from './sink.ts';\nexport const send = sink;\n",
  );
  await writeFile(
    join(root, 'stages/sink.ts'),
    "import { send } from './send.ts';\nexport const sink = () => send;\n",
  );
  await writeFile(join(root, 'stages/send.test.ts'), "import { send } from './send.ts';\n");
  const modules = readImportGraph(root);
  assert.deepEqual([...modules.keys()].sort(), [
    'pipeline.ts',
    'stages/receive.ts',
    'stages/send.ts',
    'stages/sink.ts',
  ]);
  assert.deepEqual(findImportCycles(allEdges(modules)), [
    'pipeline.ts → stages/receive.ts → pipeline.ts',
    'stages/send.ts → stages/sink.ts → stages/send.ts',
  ]);
  assert.deepEqual(findImportCycles(runtimeEdges(modules)), [
    'stages/send.ts → stages/sink.ts → stages/send.ts',
  ]);
});
