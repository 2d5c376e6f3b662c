// The extension host's side of the analysis worker. The worker keeps each document's latest analysis; the host posts
// the text once per version and then asks small questions about that analysis (the hover at an offset, the hints in
// a range, the dashboard's model), so no large object graph is structured-cloned onto the host's thread per edit.
// Starting, restarting after a crash and failing what was pending are workerRequests.ts's, shared with the PyTorch
// analysis worker.
import type { Analysis, Diagnostic, ModelIR } from '../../core';
import type { MemoryOptions } from '../../core/memory';
import type { HoverAnswer, ModelSummaryResult } from './modelFaces';
import { WorkerRequests } from '../workerRequests';

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

export class AnalysisWorkerClient {
  private readonly requests: WorkerRequests<AnalysisReply>;

  /** `onDied`: the worker stopped, and every analysis it held is gone. */
  constructor(scriptPath: string, onDied: (error: AnalysisWorkerError) => void = () => undefined) {
    this.requests = new WorkerRequests(scriptPath, 'model analysis', (message) => new AnalysisWorkerError(message), onDied);
  }

  /** Workers started so far (the first, then one per restart after a crash). */
  get started(): number {
    return this.requests.started;
  }

  /** Analyses a document version; the worker keeps it under `key` until the next analysis of `key` or `forget`. */
  async analyze(key: string, text: string, version: number, options: MemoryOptions): Promise<AnalysedVersion> {
    const { id, reply } = this.send({ type: 'analyze', key, text, version, options });
    // An analysis is never stale; `undefined` cannot happen here. Its request id stamps it for later questions.
    return { stamp: id, summary: (await answerOf<ModelSummaryResult>(reply))! };
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
    if (this.requests.running) void this.ask({ type: 'forget', key }).catch(() => undefined);
  }

  dispose(): void {
    this.requests.dispose();
  }

  /** Undefined when the answer is stale. */
  private ask<T>(question: Question): Promise<T | undefined> {
    return answerOf<T>(this.send(question).reply);
  }

  private send(question: Question): { id: number; reply: Promise<AnalysisReply> } {
    return this.requests.send((id) => ({ ...question, id }) satisfies AnalysisRequest);
  }
}

/** The answer of a reply; undefined when the worker no longer held the analysis the question named. */
async function answerOf<T>(reply: Promise<AnalysisReply>): Promise<T | undefined> {
  const r = await reply;
  return 'answer' in r ? (r.answer as T) : undefined;
}
