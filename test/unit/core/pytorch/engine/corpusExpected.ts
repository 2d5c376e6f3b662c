// Reads the corpus's recorded PyTorch answers (test/fixtures/pytorch-corpus/expected/*.json) and flattens a call's
// shapes as the trace does: tuples walked (an LSTM's `(out, (h, c))` → three shapes), non-tensors dropped.
import * as fs from 'fs';
import * as path from 'path';
import type { Shape } from '../../../../../src/core/ir';

export const CORPUS = path.join(__dirname, '../../../../fixtures/pytorch-corpus');

type RecordedShape = Shape | { tuple: RecordedShape[] } | { type: string };

export interface ExpectedLayer {
  name: string;
  className: string;
  calls: { inputShapes: RecordedShape[]; outputShapes: RecordedShape[] }[];
  trainableParams: number;
  nonTrainableParams: number;
  bufferElements: number;
  buffers: { name: string; shape: number[]; dtype: string }[];
}

export interface ExpectedFile {
  file: string;
  input: { shape: (number | null)[]; dtype: string };
  entry: { name: string };
  output?: RecordedShape;
  layers: ExpectedLayer[];
  error?: { type: string; message: string; module: string | null; line: number | null; source: string | null };
}

export function readExpected(relative: string): ExpectedFile {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected', `${relative}.json`), 'utf8')) as ExpectedFile;
}

export function flattenShapes(shapes: readonly RecordedShape[]): (Shape | string)[] {
  const out: (Shape | string)[] = [];
  const walk = (s: RecordedShape): void => {
    if (Array.isArray(s)) out.push(s.map((d) => d));
    else if ('tuple' in s) s.tuple.forEach(walk);
  };
  shapes.forEach(walk);
  return out;
}
