#!/usr/bin/env node
// The `frontgate` command. From a clone it runs the TypeScript sources directly (Node 24 strips types);
// installed as a package it runs the built dist/, because Node does not strip types under node_modules.
// Written for any Node version, so that an older one gets one line saying what to do instead of a stack trace.
import { fileURLToPath } from 'node:url';

const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
const installed = fileURLToPath(import.meta.url).includes('/node_modules/');
if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `frontgate needs Node.js ${REQUIRED_MAJOR} or newer, this is ${process.version}: ${
      installed
        ? `install Node.js ${REQUIRED_MAJOR}.`
        : `run it as npx frontgate … or npm run … in the clone (they use the Node.js ${REQUIRED_MAJOR} that npm ci installs), or install Node.js ${REQUIRED_MAJOR}.`
    }\n`,
  );
  process.exit(1);
}
await import(installed ? '../dist/main.js' : '../src/main.ts');
