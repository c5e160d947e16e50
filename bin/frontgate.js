#!/usr/bin/env node
// The `frontgate` command. From a clone it runs the TypeScript sources directly (Node 24 strips types);
// installed as a package it runs the built dist/, because Node does not strip types under node_modules.
import { fileURLToPath } from 'node:url';

const installed = fileURLToPath(import.meta.url).includes('/node_modules/');
await import(installed ? '../dist/main.js' : '../src/main.ts');
