// Builds dist/: the JavaScript an installed package runs (Node does not strip types under node_modules).
// Runs on `npm ci`/`npm install` (the `prepare` script); the repo itself runs src/ directly.

import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
// Static files the code reads next to itself.
cpSync(join(root, 'src/demo/page'), join(root, 'dist/demo/page'), { recursive: true });
