// One resident Python process running python/cnn_explorer_torch_engine.py: `import torch` costs seconds, so the process
// stays up between requests. Requests go one at a time (the script answers in order; a request's timeout then counts
// only its own work, plus the start for the first). A request that runs past its timeout, or is cancelled, kills the
// process: the user's code may be stuck in a loop that nothing else can interrupt. The next request starts a new one.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EngineReply } from '../core/formats/pytorch';
import { TorchEngineError } from './torchEngineError';

/** What the process says once torch is imported. */
export interface EngineVersions {
  readonly python: string;
  readonly executable: string;
  /** `torch.__version__`. */
  readonly torch: string;
  /** The package's version (Debian's `python3-torch 1.13.1+dfsg-4`, or pip's), when known. */
  readonly torchPackage: string | null;
  readonly importSeconds: number;
}

export interface EngineRequest {
  readonly source: string;
  /** The file name Python compiles the source with: its tracebacks and line numbers refer to it. */
  readonly filename: string;
  readonly entry?: string | null;
  /** Per sample (C×H×W); null: parameters and buffers only. */
  readonly inputShape: readonly number[] | null;
  readonly dtype?: string;
}

export interface RequestOptions {
  /** How long the request may take, the process's start (importing torch) included when it has to start. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

interface ReadyMessage {
  event: 'ready';
  ok: boolean;
  python?: string;
  executable?: string;
  torch?: string;
  torchPackage?: string | null;
  importSeconds?: number;
  error?: { kind: string; type: string; message: string };
}

const STDERR_KEPT = 4000;
/** Why a process was stopped on purpose (its exit is then not a crash). */
const killedFor = new WeakMap<ChildProcessWithoutNullStreams, TorchEngineError>();

export class TorchEngineProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private ready: Promise<EngineVersions> | undefined;
  private readonly waiting = new Map<number, { resolve: (r: EngineReply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private stderrTail = '';

  constructor(readonly python: string, readonly scriptPath: string) {}

  /** Runs one request (after those before it); rejects with a TorchEngineError. */
  request(req: EngineRequest, options: RequestOptions): Promise<{ reply: EngineReply; versions: EngineVersions }> {
    const run = this.queue.then(() => this.send(req, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the process (the next request starts a new one). */
  dispose(): void {
    this.kill(new TorchEngineError('stopped', 'the PyTorch engine was stopped'));
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  private async send(req: EngineRequest, options: RequestOptions): Promise<{ reply: EngineReply; versions: EngineVersions }> {
    if (options.signal?.aborted) throw new TorchEngineError('cancelled', 'cancelled');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const seconds = Math.round(options.timeoutMs / 1000);
        const error = new TorchEngineError('timeout',
          `the PyTorch engine did not answer within ${seconds} s (starting Python and importing torch, running the file, building the model and running it on the meta device), so it was stopped. Code that runs at import time (training, downloads) counts too.`);
        this.kill(error);
        reject(error);
      }, options.timeoutMs);
      onAbort = () => {
        const error = new TorchEngineError('cancelled', 'cancelled: the PyTorch engine was stopped');
        this.kill(error);
        reject(error);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const versions = await Promise.race([this.start(), stop]);
      const id = this.nextId++;
      const answer = new Promise<EngineReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
      this.child!.stdin.write(JSON.stringify({ id, ...req }) + '\n');
      const reply = await Promise.race([answer, stop]);
      return { reply, versions };
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      stop.catch(() => undefined);
    }
  }

  private start(): Promise<EngineVersions> {
    if (this.ready) return this.ready;
    this.stderrTail = '';
    const child = spawn(this.python, [this.scriptPath], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
      windowsHide: true,
    });
    this.child = child;
    this.ready = new Promise<EngineVersions>((resolve, reject) => {
      let settled = false;
      const fail = (error: TorchEngineError) => {
        if (!settled) {
          settled = true;
          reject(error);
        }
        if (this.child === child) this.kill(error); // a later process is not this one's to stop
      };
      child.on('error', (err: NodeJS.ErrnoException) => {
        fail(new TorchEngineError('python-missing',
          `Python could not be started: "${this.python}" ${err.code === 'ENOENT' ? 'was not found' : `failed (${err.message})`}.`));
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEPT);
      });
      child.on('exit', (code, signal) => {
        const error = killedFor.get(child) ?? new TorchEngineError('crashed',
          `the PyTorch engine (${this.python}) exited (${signal ?? `code ${code}`}) before it answered${this.stderrTail.trim() ? `: ${lastLines(this.stderrTail, 8)}` : ''}`);
        fail(error);
      });
      const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
      lines.on('line', (line) => {
        let message: (ReadyMessage | EngineReply) & { id?: number | null };
        try {
          message = JSON.parse(line);
        } catch {
          return; // not a reply: nothing but replies is written to stdout, but stay safe
        }
        if ('event' in message && message.event === 'ready') {
          if (message.ok) {
            settled = true;
            resolve({
              python: message.python ?? '', executable: message.executable ?? this.python, torch: message.torch ?? '',
              torchPackage: message.torchPackage ?? null, importSeconds: message.importSeconds ?? NaN,
            });
          } else {
            const e = message.error;
            const kind = e?.kind === 'torch-missing' ? 'torch-missing' : 'torch-import';
            fail(new TorchEngineError(kind, kind === 'torch-missing'
              ? `"${this.python}" (Python ${message.python ?? '?'}) cannot import torch: ${e?.message ?? ''}. Install PyTorch into that interpreter (\`"${message.executable ?? this.python}" -m pip install torch\`; CPU-only wheels: add \`--index-url https://download.pytorch.org/whl/cpu\`) or choose a Python that has it.`
              : `"${this.python}" failed to import torch: ${e?.type ?? 'Error'}: ${e?.message ?? ''}`));
          }
          return;
        }
        const waiter = typeof message.id === 'number' ? this.waiting.get(message.id) : undefined;
        if (waiter) {
          this.waiting.delete(message.id as number);
          waiter.resolve(message as EngineReply);
        }
      });
    });
    return this.ready;
  }

  private kill(error: TorchEngineError): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child) killedFor.set(child, error);
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split(/\r?\n/).slice(-n).join('\n');
}
