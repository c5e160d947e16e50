// The table of CLI commands: each one's name and summary (all the top-level help needs), and how to load it.
// A command's module is imported only when that command runs, so `frontgate sign` does not load the edge, the
// store and the doctor; each command lives in its own file under src/cli/.
import type { Command } from './command.ts';

export type CommandEntry = {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
};

export const commands: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: 'Write a working frontgate.json (distribution, bucket CORS, key pair, certificate) into DIR',
    load: async () => (await import('./init.ts')).initCommand,
  },
  {
    name: 'serve',
    summary: 'Run the S3 store, the CloudFront API and the edge (from a config file or defaults)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'demo',
    summary: 'Run the founding story (signed cookies, three CORS failures, the fix) in your browser',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'sign',
    summary: 'Sign a CloudFront URL or cookie set with a private key',
    load: async () => (await import('./sign.ts')).signCommand,
  },
  {
    name: 'keys',
    summary: 'Create a CloudFront key pair and register it in a key group',
    load: async () => (await import('./keys.ts')).keysCommand,
  },
  {
    name: 'invalidate',
    summary: 'Invalidate cached objects on the running edge (like aws cloudfront create-invalidation)',
    load: async () => (await import('./invalidate.ts')).invalidateCommand,
  },
  {
    name: 'doctor',
    summary: 'Explain why a browser blocks a request (request mode) or lint a config (--config)',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  {
    name: 'trace',
    summary: 'Print one edge trace (stages of a request made with x-frontgate-trace: 1)',
    load: async () => (await import('./trace.ts')).traceCommand,
  },
];
