// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const invalidateCommand: Command = {
  name: 'invalidate',
  summary: '(not yet available)',
  usage: 'frontgate invalidate',
  run: async (_args, io) => {
    io.stderr('frontgate invalidate: not implemented yet\n');
    return 2;
  },
};
