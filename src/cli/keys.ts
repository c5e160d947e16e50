// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const keysCommand: Command = {
  name: 'keys',
  summary: '(not yet available)',
  usage: 'frontgate keys',
  run: async (_args, io) => {
    io.stderr('frontgate keys: not implemented yet\n');
    return 2;
  },
};
