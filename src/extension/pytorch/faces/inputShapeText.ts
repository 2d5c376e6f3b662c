// What the user types in "Set input shape…": the shape per sample as the `# input:` comment writes it (`1x28x28`,
// `(1, 28, 28)`, 1-D `1x16000`), plus the forms people paste (`1,28,28`, `[1, 28, 28]`, `1 28 28`). Read by the
// static engine's own comment reader, so the box and the comment accept the same shapes. Pure.
import { readInputShapeComment } from '../../../core/formats/pytorch';

export type InputShapeParse = { shape: number[] } | { error: string };

export function parseInputShapeText(value: string): InputShapeParse {
  const trimmed = value.trim();
  if (trimmed === '') return { error: 'Type the input shape per sample, without the batch: C×H×W such as 1x28x28, or (1, 28, 28).' };
  // `1,28,28` / `[1, 28, 28]` / `1 28 28` → the comment's tuple form.
  const normalised = /^\[.*\]$/.test(trimmed) ? `(${trimmed.slice(1, -1)})`
    : /^\d+(\s*,\s*\d+)+$/.test(trimmed) ? `(${trimmed})`
      : /^\d+(\s+\d+)+$/.test(trimmed) ? trimmed.split(/\s+/).join('x')
        : trimmed;
  let read: ReturnType<typeof readInputShapeComment> = null;
  // The whole value must be a shape (the comment reader stops at the first thing that is not one: `1x28x` → 1×28).
  if (/^(\d+(\s*[x×]\s*\d+)*|\(\s*\d+(\s*,\s*\d+)*\s*,?\s*\))$/.test(normalised)) {
    try {
      read = readInputShapeComment(`# input: ${normalised}`);
    } catch {
      read = null;
    }
  }
  if (!read || read.shape.length === 0 || read.shape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    return { error: `"${trimmed}" is not a shape: write whole numbers ≥ 1 without the batch, e.g. 1x28x28, (3, 224, 224) or 1x16000.` };
  }
  return { shape: read.shape };
}
