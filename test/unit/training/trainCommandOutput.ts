// Runs `cnn-explorer train` in-process with its output captured (not a TTY, no interrupt handler): what the CLI tests share.
import { runTrainCommand } from '../../../src/cli/train/train';

export interface TrainCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runTrainCaptured(args: string[], cwd: string): Promise<TrainCommandResult> {
  let stdout = '';
  let stderr = '';
  const code = await runTrainCommand(args, {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    isTTY: false,
    cwd,
    onInterrupt: () => () => undefined,
  });
  return { code, stdout, stderr };
}
