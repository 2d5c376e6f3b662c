// The host's side of the PyTorch analysis worker: posts a text, gets its analysis. The worker starts on the first
// request; when it dies every pending request fails and the next one starts a new worker. Where the worker bundle is
// not there (a build without it), the analysis runs in this thread instead: slower for the host, same answer.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { analyzePyTorchSource, type PyTorchAnalysisOptions, type PyTorchSourceAnalysis } from '../../../core/formats/pytorch';

export interface PyTorchWorkerRequest {
  id: number;
  text: string;
  options: PyTorchAnalysisOptions;
}

export type PyTorchWorkerReply = { id: number; result: PyTorchSourceAnalysis } | { id: number; error: string };

export class PyTorchWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: PyTorchSourceAnalysis) => void; reject: (e: Error) => void }>();
  private disposed = false;
  /** Whether analyses run in the worker (false: the bundle is missing, they run in this thread). */
  readonly inWorker: boolean;

  constructor(private readonly scriptPath: string) {
    this.inWorker = existsSync(scriptPath);
  }

  analyze(text: string, options: PyTorchAnalysisOptions): Promise<PyTorchSourceAnalysis> {
    if (this.disposed) return Promise.reject(new Error('the PyTorch analysis was stopped: the extension is shutting down'));
    if (!this.inWorker) return Promise.resolve().then(() => analyzePyTorchSource(text, options));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, text, options } satisfies PyTorchWorkerRequest);
    });
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the PyTorch analysis was stopped: the extension is shutting down'));
    void worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.scriptPath);
    this.worker = worker;
    worker.on('message', (reply: PyTorchWorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(`the PyTorch analysis failed: ${reply.error}`));
      else waiting.resolve(reply.result);
      // An idle worker must not keep the process alive.
      if (this.pending.size === 0) worker.unref();
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(new Error(`the PyTorch analysis worker stopped (${why}); a new one starts with the next request`));
    };
    worker.on('error', (e) => died(e.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return worker;
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(error);
  }
}
