// What "a figure the user sees" may be, for the fuzz suite: unknown (null; NaN for memory bytes, which JSON and the
// faces turn into null / "?"), or a finite, non-negative number; counts are integers, and the parameters split
// exactly into trainable and non-trainable. Shown as text: "?" or digits, never NaN, Infinity, ∞, a minus sign or
// an exponent.
import type { Analysis, LayerAnalysis } from '../../../src/core/analysisResult';
import type { Shape } from '../../../src/core/ir';

function countProblem(what: string, n: unknown, integer: boolean): string | undefined {
  if (n === null) return undefined;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return `${what} = ${String(n)}`;
  if (integer && !Number.isInteger(n)) return `${what} = ${n} (not an integer)`;
  return undefined;
}

function shapeProblems(what: string, shapes: readonly (Shape | null)[], out: string[]): void {
  shapes.forEach((shape, i) => {
    if (shape === null) return;
    if (!Array.isArray(shape)) {
      out.push(`${what}[${i}] is not a list`);
      return;
    }
    shape.forEach((d, j) => {
      if (d !== null && !(Number.isSafeInteger(d) && d >= 0)) out.push(`${what}[${i}][${j}] = ${String(d)}`);
    });
  });
}

function layerProblems(l: LayerAnalysis, prefix: string, out: string[]): void {
  const at = `${prefix}${l.name}`;
  const push = (p: string | undefined) => p && out.push(`${at}: ${p}`);
  push(countProblem('params', l.params, true));
  push(countProblem('trainableParams', l.trainableParams, true));
  push(countProblem('nonTrainableParams', l.nonTrainableParams, true));
  push(countProblem('macs', l.macs, true));
  push(countProblem('outputElementsPerSample', l.outputElementsPerSample, true));
  push(countProblem('outputBytesPerSample', l.outputBytesPerSample, true));
  if (l.intermediateElementsPerSample !== undefined) push(countProblem('intermediateElementsPerSample', l.intermediateElementsPerSample, true));
  if ([l.params, l.trainableParams, l.nonTrainableParams].every((n) => Number.isSafeInteger(n)) && l.params !== l.trainableParams! + l.nonTrainableParams!) {
    out.push(`${at}: params ${l.params} ≠ trainable ${l.trainableParams} + non-trainable ${l.nonTrainableParams}`);
  }
  shapeProblems(`${at}: inputShapes`, l.inputShapes, out);
  shapeProblems(`${at}: outputShapes`, l.outputShapes, out);
  for (const call of l.calls ?? []) {
    shapeProblems(`${at}: call inputShapes`, call.inputShapes, out);
    shapeProblems(`${at}: call outputShapes`, call.outputShapes, out);
  }
  for (const inner of l.nested ?? []) layerProblems(inner, `${at}/`, out);
}

/** Every figure of an analysis that is not unknown and not a sound number, described. */
export function analysisFigureProblems(a: Analysis): string[] {
  const out: string[] = [];
  for (const l of a.layers) layerProblems(l, '', out);
  for (const [key, n] of Object.entries(a.totals)) {
    const p = countProblem(`totals.${key}`, n, true);
    if (p) out.push(p);
  }
  for (const key of ['parameterBytes', 'gradientBytes', 'optimizerStateBytes', 'activationBytes', 'inferencePeakBytes', 'trainingPeakBytes'] as const) {
    const n = a.memory[key];
    if (Number.isNaN(n)) continue; // unknown
    const p = countProblem(`memory.${key}`, n, true);
    if (p) out.push(p);
  }
  return out;
}

/** A figure as the faces print it: formatCount, formatCompact or formatBytes of a sound number, or "?". */
const SHOWN_FIGURE = /^(\?|\d{1,3}(,\d{3})*|\d+(\.\d+)? [kMGT]|\d+ B|\d+(\.\d+)? (KiB|MiB|GiB|TiB|PiB|EiB|ZiB|YiB))$/;

export function isShownFigure(text: string): boolean {
  return SHOWN_FIGURE.test(text);
}

/** Text made only of figures and fixed words: no NaN, Infinity, ∞, negative number or exponent in it. */
export function unsoundFigureText(text: string): string | undefined {
  const m = /NaN|Infinity|∞|(^|[^\w])[-−]\d|\de[+-]?\d/.exec(text);
  return m ? m[0] : undefined;
}
