// The extension host's side of the analysis worker. The worker keeps each document's latest analysis; the host posts
// the text once per version and then asks small questions about that analysis (the hover at an offset, the hints in
// a range, the dashboard's model), so no large object graph is structured-cloned onto the host's thread per edit.
// The worker starts on the first request (activation starts none). When it dies (a crash, out of memory) every
// pending request fails with an error that says so, `onDied` tells the owner, and the next request starts a new one.
import { Worker } from 'node:worker_threads';
import type { Analysis, Diagnostic, ModelIR } from '../../core';
import type { MemoryOptions } from '../../core/memory';
import type { HoverAnswer, ModelSummaryResult } from './modelFaces';

/** The dashboard's model: the whole analysis and parsed model. */
export type DashboardAnswer =
  | { status: 'model'; analysis?: Analysis; ir?: ModelIR; diagnostics: Diagnostic[] }
  | { status: 'not-a-model' }
  | { status: 'too-large'; chars: number };

/** One analysis held by the worker: `stamp` names it in later questions (a newer analysis of the key replaces it). */
export interface AnalysedVersion {
  stamp: number;
  summary: ModelSummaryResult;
}

type Question =
  | { type: 'analyze'; key: string; text: string; version: number; options: MemoryOptions }
  | { type: 'hover'; key: string; stamp: number; offset: number; uri: string }
  | { type: 'inlays'; key: string; stamp: number; start: number; end: number }
  | { type: 'dashboard'; key: string; stamp: number }
  /** A file the live limit skipped or that is not open: analysed with no size limit, kept by no key. */
  | { type: 'analyzeForDashboard'; text: string; options: MemoryOptions }
  | { type: 'forget'; key: string };

export type AnalysisRequest = Question & { id: number };

/** `stale`: the worker no longer holds the analysis the question named (a newer one replaced it). */
export type AnalysisReply = { id: number; answer: unknown } | { id: number; stale: true } | { id: number; error: string };

export class AnalysisWorkerError extends Error {}

const SHUT_DOWN = 'the model analysis was stopped: the extension is shutting down';

export class AnalysisWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (answer: unknown) => void; reject: (e: Error) => void }>();
  /** Workers started so far (the first, then one per restart after a crash). */
  started = 0;
  private disposed = false;

  /** `onDied`: the worker stopped, and every analysis it held is gone. */
  constructor(private readonly scriptPath: string, private readonly onDied: (error: AnalysisWorkerError) => void = () => undefined) {}

  /** Analyses a document version; the worker keeps it under `key` until the next analysis of `key` or `forget`. */
  async analyze(key: string, text: string, version: number, options: MemoryOptions): Promise<AnalysedVersion> {
    const stamp = this.nextId;
    const summary = await this.ask<ModelSummaryResult>({ type: 'analyze', key, text, version, options });
    // An analysis is never stale; `undefined` cannot happen here.
    return { stamp, summary: summary! };
  }

  hover(key: string, stamp: number, offset: number, uri: string): Promise<HoverAnswer | undefined> {
    return this.ask<HoverAnswer>({ type: 'hover', key, stamp, offset, uri });
  }

  inlays(key: string, stamp: number, start: number, end: number): Promise<{ offset: number; label: string }[] | undefined> {
    return this.ask({ type: 'inlays', key, stamp, start, end });
  }

  dashboard(key: string, stamp: number): Promise<DashboardAnswer | undefined> {
    return this.ask({ type: 'dashboard', key, stamp });
  }

  async analyzeForDashboard(text: string, options: MemoryOptions): Promise<DashboardAnswer> {
    return (await this.ask<DashboardAnswer>({ type: 'analyzeForDashboard', text, options }))!;
  }

  /** The document closed: the worker drops its analysis (no reply; nothing to do when no worker runs). */
  forget(key: string): void {
    if (this.worker) void this.ask({ type: 'forget', key }).catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new AnalysisWorkerError(SHUT_DOWN));
    void worker?.terminate();
  }

  /** Undefined when the answer is stale. */
  private ask<T>(question: Question): Promise<T | undefined> {
    // After dispose no worker starts: one started then would never be stopped.
    if (this.disposed) return Promise.reject(new AnalysisWorkerError(SHUT_DOWN));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<T | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (answer: unknown) => void, reject });
      // A worker with questions pending keeps the process alive; an idle one does not (see the reply handler).
      worker.ref();
      worker.postMessage({ ...question, id } satisfies AnalysisRequest);
    });
  }

  private start(): Worker {
    const worker = new Worker(this.scriptPath);
    this.started++;
    this.worker = worker;
    worker.on('message', (reply: AnalysisReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new AnalysisWorkerError(`the model analysis failed: ${reply.error}`));
      else waiting.resolve('stale' in reply ? undefined : reply.answer);
      if (this.pending.size === 0) worker.unref();
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const error = new AnalysisWorkerError(`the model analysis worker stopped (${why}); a new one starts with the next request`);
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
