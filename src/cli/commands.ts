// The table of CLI commands; each lives in its own file under src/cli/.
import type { Command } from './command.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { initCommand } from './init.ts';
import { invalidateCommand } from './invalidate.ts';
import { keysCommand } from './keys.ts';
import { serveCommand } from './serve.ts';
import { signCommand } from './sign.ts';
import { traceCommand } from './trace.ts';

export const commands: readonly Command[] = [
  initCommand,
  serveCommand,
  demoCommand,
  signCommand,
  keysCommand,
  invalidateCommand,
  doctorCommand,
  traceCommand,
];
