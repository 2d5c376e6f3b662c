// Requests to a worker thread, answered by id: the worker starts on the first request (activation starts none); a
// worker with requests pending keeps the process alive, an idle one does not; when it dies every pending request
// fails with an error that says so, `onDied` tells the owner, and the next request starts a new worker. Shared by the
// JSON inspector's analysis worker and the PyTorch analysis worker, which differ only in what they ask.
import { Worker } from 'node:worker_threads';

export class WorkerRequests<Reply extends { id: number }> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (e: Error) => void }>();
  private disposed = false;
  /** Workers started so far (the first, then one per restart after a crash). */
  started = 0;

  /**
   * `what` names the work in messages (`the ${what} failed: …`, `the ${what} worker stopped …`); `errorOf` makes the
   * owner's error type from a message; `onDied`: the worker stopped, and whatever it held is gone.
   */
  constructor(
    private readonly scriptPath: string,
    private readonly what: string,
    private readonly errorOf: (message: string) => Error,
    private readonly onDied: (error: Error) => void = () => undefined,
  ) {}

  /** Posts `build(id)` and returns the id with the reply (an error reply rejects). */
  send(build: (id: number) => object): { id: number; reply: Promise<Reply> } {
    // After dispose no worker starts: one started then would never be stopped.
    if (this.disposed) return { id: 0, reply: Promise.reject(this.shutDown()) };
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(build(id));
    });
    return { id, reply };
  }

  /** Whether a worker is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(this.shutDown());
    void worker?.terminate();
  }

  private shutDown(): Error {
    return this.errorOf(`the ${this.what} was stopped: the extension is shutting down`);
  }

  private start(): Worker {
    const worker = new Worker(this.scriptPath);
    this.started++;
    this.worker = worker;
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(this.errorOf(`the ${this.what} failed: ${String(reply.error)}`));
      else waiting.resolve(reply);
      if (this.pending.size === 0) worker.unref();
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const error = this.errorOf(`the ${this.what} worker stopped (${why}); a new one starts with the next request`);
      this.failAll(error);
      this.onDied(error);
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
