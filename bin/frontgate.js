#!/usr/bin/env node
// Thin launcher so `frontgate` works as an npm bin; the program itself is TypeScript run by Node 24.
import '../src/main.ts';
