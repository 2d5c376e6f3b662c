// The host's side of the training process: forks dist/trainer.js with the extension host's own executable in Node
// mode (ELECTRON_RUN_AS_NODE=1), sends it HostToTrainer commands and validates every message it sends back. When the
// process dies without a final message, that is reported as a `crash` error (with the end of its stderr), never as
// silence; the host itself is never at risk.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parseTrainingMessage, type HostToTrainer, type StartTraining } from '../../protocol/trainer';
import { isTerminal, type TrainingMessage } from '../../protocol/training';

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the process ended without sending done/stopped/error. */
  crashed: boolean;
}

const STDERR_TAIL = 4000;

export class TrainerClient {
  private readonly child: ChildProcess;
  private stderrTail = '';
  private terminal = false;
  readonly exited: Promise<TrainerExit>;

  /** `execArgv` lets tests run the TypeScript entry through tsx (`['--import', 'tsx']`). */
  constructor(trainerPath: string, private readonly runId: string, onMessage: (m: TrainingMessage) => void, execArgv: string[] = []) {
    if (!existsSync(trainerPath)) throw new Error(`The training process bundle ${trainerPath} is missing; build the extension (npm run build).`);
    this.child = fork(trainerPath, [], {
      execPath: process.execPath,
      execArgv,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // Training is background work: on a busy machine the editor's host should get the CPU first (2 cores here).
    if (this.child.pid !== undefined) {
      try {
        setPriority(this.child.pid, 10);
      } catch {
        // Not permitted on this system; the run simply keeps normal priority.
      }
    }
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    this.child.stdout?.resume();
    this.child.on('message', (raw: unknown) => {
      const parsed = parseTrainingMessage(raw);
      if (!parsed.ok) {
        onMessage({ type: 'log', runId: this.runId, level: 'warning', text: `Ignored an invalid message from the training process: ${parsed.error}` });
        return;
      }
      if (parsed.value.runId !== this.runId && parsed.value.runId !== 'unknown') return;
      if (isTerminal(parsed.value)) this.terminal = true;
      onMessage(parsed.value);
    });
    this.exited = new Promise((resolve) => {
      let settled = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
        if (settled) return;
        settled = true;
        const crashed = !this.terminal;
        if (crashed) {
          const how = spawnError ? `could not start (${spawnError.message})` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
          const tail = this.stderrTail.trim();
          onMessage({
            type: 'error', runId: this.runId, phase: 'crash',
            message: `The training process ${how} before finishing the run.${tail ? ` Its last output:\n${tail}` : ''}`,
          });
        }
        resolve({ code, signal, crashed });
      };
      this.child.on('exit', (code, signal) => finish(code, signal));
      this.child.on('error', (e) => finish(null, null, e));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  start(message: StartTraining): void {
    this.send(message);
  }

  /** Asks the trainer to stop after the current batch (it saves what was learned so far). */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** Ends the process at once (nothing more is saved). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private send(message: HostToTrainer): void {
    if (this.child.connected) this.child.send(message);
  }
}
