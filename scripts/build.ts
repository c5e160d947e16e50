// Builds dist/: the JavaScript an installed package runs (Node does not strip types under node_modules).
// Runs on `npm ci`/`npm install` (the `prepare` script); the repo itself runs src/ directly.
// `node scripts/build.ts [OUT_DIR]` builds elsewhere (the package test installs a copy).
// Test code never ships: tsconfig.build.json leaves out unit tests and the contract suites, and the build
// fails if anything in the output still imports node:test.

import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(process.argv[2] ?? join(root, 'dist'));
rmSync(outDir, { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules/.bin/tsc'),
  ['-p', join(root, 'tsconfig.build.json'), '--outDir', outDir],
  { stdio: 'inherit' },
);
// Static files the code reads next to itself.
cpSync(join(root, 'src/demo/page'), join(outDir, 'demo/page'), { recursive: true });

const testImports = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.(js|d\.ts)$/.test(file))
  .filter((file) => /["']node:test["']/.test(readFileSync(join(outDir, file), 'utf8')));
if (testImports.length > 0) {
  process.stderr.write(
    `build: test code in ${relative(root, outDir)}: ${testImports.join(', ')} import node:test\n`,
  );
  process.exit(1);
}
