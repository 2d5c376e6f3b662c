// Entry of the training process (bundled as dist/trainer.js). The extension host forks it with
// ELECTRON_RUN_AS_NODE=1, so TensorFlow.js never runs on the host's thread. Over the IPC channel it receives
// HostToTrainer commands (one `start`, any number of `stop`) and answers with TrainingMessages. A stop, SIGTERM/SIGINT
// or the host going away all end the run the same way: the current batch finishes, and what was learned so far is
// saved in the run folder. The process exits when the run has ended and every message has been handed to the channel.
import { parseHostToTrainer, type StartTraining } from '../protocol/trainer';
import type { TrainingMessage } from '../protocol/training';
import { shippedSubsetDir } from './trainer/paths';
import { runTraining } from './trainer/runTraining';

function send(m: TrainingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(m, undefined, undefined, () => resolve());
  });
}

let stopRequested = false;
// A stop also ends loading the data (a download), which `shouldStop` is not asked during.
const stopSignal = new AbortController();
let running: Promise<unknown> | undefined;
let runId = 'unknown';

function requestStop(): void {
  stopRequested = true;
  stopSignal.abort();
}

async function start(message: StartTraining): Promise<void> {
  runId = message.runId;
  const pending: Promise<void>[] = [];
  await runTraining({
    runId: message.runId,
    config: message.config,
    outDir: message.outDir,
    dataDir: message.dataDir,
    cacheDir: message.cacheDir,
    subsetDir: shippedSubsetDir(__dirname),
    limits: message.limits,
    emit: (m) => pending.push(send(m)),
    shouldStop: () => stopRequested,
    signal: stopSignal.signal,
  });
  await Promise.all(pending);
}

function main(): void {
  if (!process.send) {
    process.stderr.write('dist/trainer.js is the training process of CNN Explorer: the extension forks it. From a terminal, use `cnn-explorer train`.\n');
    process.exitCode = 2;
    return;
  }
  process.on('message', (raw: unknown) => {
    const parsed = parseHostToTrainer(raw);
    if (!parsed.ok) {
      void send({ type: 'error', runId, message: `The training process received an invalid command: ${parsed.error}`, phase: 'protocol' });
      return;
    }
    if (parsed.value.type === 'stop') {
      requestStop();
      return;
    }
    if (running) {
      void send({ type: 'error', runId: parsed.value.runId, message: 'This training process is already running a run; start a new process for another.', phase: 'protocol' });
      return;
    }
    running = start(parsed.value).finally(() => {
      // Leave once the run has ended: closing the channel lets the event loop drain and the process exit.
      if (process.connected) process.disconnect();
    });
  });
  const stop = (): void => {
    requestStop();
    // Nobody is listening any more when the host went away; without a run there is nothing to save.
    if (!running) process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  const crash = (e: unknown): void => {
    const text = e instanceof Error ? e.stack ?? e.message : String(e);
    void send({ type: 'error', runId, message: `The training process crashed: ${text}`, phase: 'crash' }).finally(() => process.exit(1));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

main();
