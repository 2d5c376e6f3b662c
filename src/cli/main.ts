// The `cnn-explorer` command line. Commands: inspect, train.
import { readFileSync } from 'node:fs';
import { EXIT_OK, EXIT_UNUSABLE, type CliIO } from './io';
import { runInspect } from './inspect';
import { runTrainCommand } from './train/train';

const USAGE = `Usage: cnn-explorer <command> [options]

Commands:
  inspect <model.json | --builtin lenet>   shapes, parameters, MACs and memory of a model
  train [--preset notebook|tuned] ...       train the notebook's LeNet-5 on Fashion-MNIST with TensorFlow.js

Run "cnn-explorer <command> --help" for a command's options.`;

export function runCli(argv: readonly string[], io: CliIO): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'inspect') return runInspect(rest, io);
  if (command === 'train') return runTrainCommand(rest, io);
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
  void Promise.resolve(runCli(process.argv.slice(2), nodeIO)).then((code) => {
    process.exitCode = code;
  });
}
