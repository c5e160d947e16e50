// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: '(not yet available)',
  usage: 'frontgate demo',
  run: async (_args, io) => {
    io.stderr('frontgate demo: not implemented yet\n');
    return 2;
  },
};
