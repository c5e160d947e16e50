// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const signCommand: Command = {
  name: 'sign',
  summary: '(not yet available)',
  usage: 'frontgate sign',
  run: async (_args, io) => {
    io.stderr('frontgate sign: not implemented yet\n');
    return 2;
  },
};
