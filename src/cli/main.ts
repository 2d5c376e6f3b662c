// The `cnn-explorer` command line. Commands: inspect.
import { readFileSync } from 'node:fs';
import { EXIT_OK, EXIT_UNUSABLE, type CliIO } from './io';
import { runInspect } from './inspect';

const USAGE = `Usage: cnn-explorer <command> [options]

Commands:
  inspect <model.json | --builtin lenet>   shapes, parameters, MACs and memory of a model

Run "cnn-explorer <command> --help" for a command's options.`;

export function runCli(argv: readonly string[], io: CliIO): number {
  const [command, ...rest] = argv;
  if (command === 'inspect') return runInspect(rest, io);
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE + '\n');
    return command === undefined ? EXIT_UNUSABLE : EXIT_OK;
  }
  io.stderr(`cnn-explorer: unknown command "${command}"\n\n${USAGE}\n`);
  return EXIT_UNUSABLE;
}

export const nodeIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
};

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), nodeIO);
}
