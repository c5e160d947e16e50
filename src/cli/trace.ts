// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const traceCommand: Command = {
  name: 'trace',
  summary: '(not yet available)',
  usage: 'frontgate trace',
  run: async (_args, io) => {
    io.stderr('frontgate trace: not implemented yet\n');
    return 2;
  },
};
