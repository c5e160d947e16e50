// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: '(not yet available)',
  usage: 'frontgate serve',
  run: async (_args, io) => {
    io.stderr('frontgate serve: not implemented yet\n');
    return 2;
  },
};
