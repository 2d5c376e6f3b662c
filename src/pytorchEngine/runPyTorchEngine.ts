// The PyTorch engine's entry point for the extension and the CLI: the analysed text → PyTorch's own trace. One warm
// process per interpreter is kept between calls (importing torch takes seconds; a model takes a fraction of one).
import { engineReplyToTrace, type TorchTrace } from '../core/formats/pytorch';
import { findEngineScript } from './engineScript';
import { TorchEngineError } from './torchEngineError';
import { TorchEngineProcess, type EngineVersions } from './torchEngineProcess';

export interface PyTorchEngineRun {
  /** The interpreter: a path or a command on PATH (`python3`). */
  readonly python: string;
  /** The text analysed: a .py file's, or a notebook's code cells joined (joinNotebookCells). */
  readonly text: string;
  /** For Python's tracebacks and the folder its local imports resolve from (an absolute path when there is one). */
  readonly fileName: string;
  readonly entry?: string | null;
  /** Per sample (C×H×W); null: parameters and buffers only. */
  readonly inputShape: readonly number[] | null;
  readonly inputDtype?: string;
  /** Where the input shape came from (for the trace). */
  readonly inputSource?: 'comment' | 'option' | 'none';
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface PyTorchEngineResult {
  readonly trace: TorchTrace;
  readonly versions: EngineVersions;
  /** The engine's own timings of this request, seconds (build, forward, total). */
  readonly timings: Readonly<Record<string, number>>;
}

const processes = new Map<string, TorchEngineProcess>();

/** Runs the model with PyTorch; rejects with a TorchEngineError when there is no answer (Python or torch missing, timeout). */
export async function runPyTorchEngine(run: PyTorchEngineRun): Promise<PyTorchEngineResult> {
  const engine = engineProcess(run.python);
  const { reply, versions } = await engine.request(
    { source: run.text, filename: run.fileName, entry: run.entry ?? null, inputShape: run.inputShape, dtype: run.inputDtype ?? 'float32' },
    { timeoutMs: run.timeoutMs, signal: run.signal },
  );
  const trace = engineReplyToTrace(reply, {
    text: run.text,
    torchVersion: torchVersionLabel(versions),
    input: { shape: run.inputShape ? [...run.inputShape] : null, dtype: run.inputDtype ?? 'float32', source: run.inputSource ?? (run.inputShape ? 'option' : 'none') },
  });
  return { trace, versions, timings: reply.timings ?? {} };
}

/** `1.13.0a0 (python3-torch 1.13.1+dfsg-4)`: torch.__version__, and the package's where it says something else. */
export function torchVersionLabel(v: Pick<EngineVersions, 'torch' | 'torchPackage'>): string {
  if (!v.torchPackage || v.torchPackage === v.torch || v.torchPackage.endsWith(` ${v.torch}`)) return v.torch;
  return `${v.torch} (${v.torchPackage})`;
}

/** The warm process for an interpreter (started on its first request). */
export function engineProcess(python: string): TorchEngineProcess {
  let engine = processes.get(python);
  if (!engine) {
    const script = findEngineScript();
    if (!script) throw new TorchEngineError('script-missing', 'the PyTorch engine script (python/cnn_explorer_torch_engine.py) is missing from this installation');
    engine = new TorchEngineProcess(python, script);
    processes.set(python, engine);
  }
  return engine;
}

/** Stops every engine process (on deactivate, at the CLI's exit). */
export function stopPyTorchEngines(): void {
  for (const engine of processes.values()) engine.dispose();
  processes.clear();
}
