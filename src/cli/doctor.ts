// Placeholder until the owning issue lands: the command exists in the table but is not built yet.
import type { Command } from './command.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: '(not yet available)',
  usage: 'frontgate doctor',
  run: async (_args, io) => {
    io.stderr('frontgate doctor: not implemented yet\n');
    return 2;
  },
};
