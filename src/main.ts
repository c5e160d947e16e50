// Process entry: parses the command name, hands the rest to the command with real stdio and
// signals, and is the only place that exits the process.
import type { CliIo } from './cli/command.ts';
import { UsageError } from './cli/command.ts';
import { commands } from './cli/commands.ts';

function renderHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: frontgate <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `frontgate <command> --help` for the options of one command; every command accepts --debug',
    '(stack traces on errors).',
    '',
  ].join('\n');
}

function createProcessIo(): CliIo {
  // A reader that went away (`frontgate serve | head`) must not take a running server down with it.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  const shutdown = new AbortController();
  const onSignal = (): void => {
    if (shutdown.signal.aborted) process.exit(130);
    shutdown.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    shutdownSignal: shutdown.signal,
    onReload: (listener) => {
      process.on('SIGHUP', listener);
      return () => process.off('SIGHUP', listener);
    },
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(renderHelp());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    process.stderr.write(`frontgate: unknown command "${name}"\n\n${renderHelp()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  const io = createProcessIo();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`frontgate ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    const debug = rest.includes('--debug');
    process.stderr.write(`frontgate ${name}: ${debug ? (error as Error).stack : (error as Error).message}\n`);
    return 1;
  }
}

// Exiting explicitly: a command that resolved is done, even if a stray timer or socket lingers.
process.exit(await main(process.argv.slice(2)));
