// PyTorch models for the browser tests, from the real pipeline: a corpus file analysed by the static engine
// (analyzePyTorchSource) and turned into the dashboard's model message by the host's own function, exactly as the
// panel does; and PyTorch 1.13.1's recorded answer for the same file (expected/*.json), the oracle the page's numbers
// are checked against. The oracle's helpers below are written from PyTorch's conventions, not from webview-ui.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzePyTorchSource } from '../../src/core/formats/pytorch';
import { torchMemoryLayers } from '../../src/core/formats/pytorch/traceToAnalysis';
import { pytorchModelMessage } from '../../src/extension/dashboard/pytorchModelMessage';
import type { ModelMessage } from '../../src/protocol';

const CORPUS = resolve(__dirname, '../fixtures/pytorch-corpus');

type OracleShape = (number | null)[];
export interface OracleLayer {
  name: string;
  className: string;
  calls: { inputShapes: unknown[]; outputShapes: unknown[] }[];
  trainableParams: number;
  nonTrainableParams: number;
  bufferElements: number;
}
export interface Oracle {
  input: { shape: OracleShape };
  entry: { name: string };
  layers: OracleLayer[];
  totals: { trainableParams: number };
}

export function corpusOracle(file: string): Oracle {
  return JSON.parse(readFileSync(join(CORPUS, 'expected', `${file}.json`), 'utf8')) as Oracle;
}

/** The dashboard's model message for a corpus file, as the host builds it (descriptor as for file:///corpus/<file>). */
export function corpusModelMessage(file: string, entry?: string): ModelMessage {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  const result = analyzePyTorchSource(text, entry === undefined ? {} : { entry });
  const uri = `file:///corpus/${file}`;
  return pytorchModelMessage(
    { key: `pytorch:${uri}#${entry ?? ''}`, title: entry ? `${file} · ${entry}` : file, source: 'pytorch', uri, ...(entry ? { entry } : {}) },
    { ...result, version: 1 },
    torchMemoryLayers(result.trace),
  );
}

/** PyTorch's shape as the editor and dashboard write it: the batch axis (null) is N. */
export function torchShapeText(shape: unknown): string {
  if (!Array.isArray(shape)) return '?';
  return `[${shape.map((d) => (d === null ? 'N' : String(d))).join(', ')}]`;
}

/** Elements of one sample of a PyTorch output: the product of every dimension but the batch's. */
export function elementsPerSample(shape: OracleShape): number {
  return shape.reduce<number>((n, d) => (d === null ? n : n * d), 1);
}

/**
 * The LeNet paper's stage labels for a chain of PyTorch modules, from PyTorch's own shapes and class names: a
 * convolution is a C stage, a pool an S stage, a Linear an F stage, numbered along the network; activations,
 * normalisation, dropout and Flatten fold into the stage before. Sizes read channels first: C@L, C@H×W, C@T×H×W.
 */
export function expectedPaperLabels(oracle: Oracle): string[] {
  const size = (shape: OracleShape) => {
    const [c, ...spatial] = shape.slice(1) as number[];
    return spatial.length === 0 ? `${c}` : `${c}@${spatial.join('×')}`;
  };
  const labels = [`INPUT: ${size(oracle.input.shape)}`];
  let n = 0;
  for (const l of oracle.layers) {
    const letter = /^Conv/.test(l.className) ? 'C' : /Pool/.test(l.className) ? 'S' : l.className === 'Linear' ? 'F' : null;
    if (letter === null) continue;
    n++;
    labels.push(`${letter}${n}: ${size(l.calls[0].outputShapes[0] as OracleShape)}`);
  }
  return labels;
}
