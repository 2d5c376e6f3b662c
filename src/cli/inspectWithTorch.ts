// `inspect model.py --engine torch|auto`: PyTorch itself builds the model on its meta device (helper E's engine,
// src/pytorchEngine), in the interpreter `--python` names. `auto` runs it only where the static engine could not
// follow the code (an unknown shape or parameter count), and keeps the static answer if PyTorch cannot be run.
import type { PyTorchSourceAnalysis } from '../core/formats/pytorch';
import { traceToAnalysis } from '../core/formats/pytorch';
import type { MemoryOptions } from '../core/memory';
import { runPyTorchEngine, stopPyTorchEngines, TorchEngineError } from '../pytorchEngine';

export const ENGINE_TIMEOUT_MS = 60_000;

/** Whether the static engine left something unknown that running the model would know. */
export function staticLeftUnknowns(result: PyTorchSourceAnalysis): boolean {
  const { trace } = result;
  if (!trace.entry) return true;
  if (trace.layers.some((l) => l.parameters === null)) return true;
  if (trace.input.shape === null) return false; // without an input shape PyTorch cannot run a forward either
  return trace.layers.some((l) => l.calls.some((c) => c.outputShapes.some((s) => s === null)));
}

export type TorchRunOutcome = { result: PyTorchSourceAnalysis } | { error: string };

/** Runs the model with PyTorch; the static result supplies the candidates and the input shape it read. */
export async function runWithTorch(o: {
  python: string; text: string; fileName: string; entry?: string; inputShape?: readonly number[];
  staticResult: PyTorchSourceAnalysis; options: MemoryOptions;
}): Promise<TorchRunOutcome> {
  const input = o.staticResult.trace.input;
  const inputShape = o.inputShape ?? input.shape;
  try {
    const { trace } = await runPyTorchEngine({
      python: o.python,
      text: o.text,
      fileName: o.fileName,
      entry: o.entry ?? null,
      inputShape: inputShape ? [...inputShape] : null,
      inputDtype: input.dtype,
      inputSource: o.inputShape ? 'option' : input.source,
      timeoutMs: ENGINE_TIMEOUT_MS,
    });
    return { result: { analysis: traceToAnalysis(trace, o.options), trace, candidates: o.staticResult.candidates } };
  } catch (e) {
    if (e instanceof TorchEngineError) return { error: `PyTorch engine (${o.python}): ${e.message}` };
    throw e;
  } finally {
    // The CLI makes one request: the warm process would keep node alive.
    stopPyTorchEngines();
  }
}
