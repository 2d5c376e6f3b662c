// `cnn-explorer inspect model.py | notebook.ipynb`: the static engine (or PyTorch itself, --engine torch) on a
// PyTorch source, printed with the same JSON schema and table as a model.json, plus each layer's buffers, the engine
// and where each diagnostic is in the source.
import { resolve } from 'node:path';
import type { Diagnostic } from '../core';
import { analyzePyTorchSource, type PyTorchSourceAnalysis } from '../core/formats/pytorch';
import type { MemoryOptions } from '../core/memory';
import { EXIT_MODEL_ERRORS, EXIT_OK, EXIT_UNUSABLE, type CliIO } from './io';
import { memoryOptionsOf, type InspectArgs } from './inspectArgs';
import { inspectJson, type InspectJson } from './inspectJson';
import { describeDiagnostic, inspectTable } from './inspectTable';
import { describeOffset, positionOf, readNotebook, type CliPyTorchSource } from './pytorchSource';
import { formatTorchShapeText } from './torchShapeText';
import { runWithTorch, staticLeftUnknowns } from './inspectWithTorch';
import { withUnreachedUnknown } from './unreachedLayers';

type PyTorchSourceArgs = Extract<InspectArgs['source'], { kind: 'pytorch' }>;

export interface PyTorchInspectJson extends Omit<InspectJson, 'model' | 'layers' | 'diagnostics'> {
  model: InspectJson['model'] & {
    className: string;
    /** `static` (the source read, never run) or `pytorch` (run on PyTorch's meta device). */
    engine: 'static' | 'pytorch';
    torchVersion?: string;
    /** The input per sample without the batch, and where it came from; null when not known. */
    input: { shape: number[] | null; dtype: string; source: 'comment' | 'option' | 'none' };
  };
  layers: (InspectJson['layers'][number] & { buffers: number | null })[];
  diagnostics: (InspectJson['diagnostics'][number] & { line?: number; column?: number; cell?: number })[];
}

export function inspectPyTorch(args: InspectArgs, source: PyTorchSourceArgs, io: CliIO): number | Promise<number> {
  const options: MemoryOptions = memoryOptionsOf(args);
  let raw: string;
  try {
    raw = io.readFile(source.path);
  } catch (err) {
    return unusable(args, io, source.path, `cannot read ${source.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const read: CliPyTorchSource | { error: string } = source.notebook ? readNotebook(raw) : { text: raw.replace(/^\ufeff/, '') };
  if ('error' in read) return unusable(args, io, source.path, `${source.path}: ${read.error}`);
  const result = analyzePyTorchSource(read.text, {
    ...options,
    ...(source.options.entry !== undefined ? { entry: source.options.entry } : {}),
    ...(source.options.inputShape ? { inputShape: source.options.inputShape } : {}),
  });
  if (!result.trace.entry) {
    const why = result.trace.diagnostics.map((d) => d.message).join('; ');
    const message = source.options.entry !== undefined
      ? `${source.path}: no model named "${source.options.entry}"${why ? ` (${why})` : ''}; models in the file: ${result.candidates.map((c) => c.name).join(', ') || 'none'}`
      : `${source.path}: no nn.Module model found${why ? ` (${why})` : ''}`;
    if (source.options.engine === 'static') return unusable(args, io, source.path, message);
  }
  const engine = source.options.engine;
  if (engine === 'static' || (engine === 'auto' && !staticLeftUnknowns(result))) return print(args, io, result, read);
  return runWithTorch({
    python: source.options.python,
    text: read.text,
    fileName: resolve(source.path),
    entry: source.options.entry,
    inputShape: source.options.inputShape,
    staticResult: result,
    options,
  }).then((outcome) => {
    if ('result' in outcome) return print(args, io, outcome.result, read);
    if (engine === 'torch' || !result.trace.entry) return unusable(args, io, source.path, outcome.error);
    // auto: the static answer stands, and the user learns why PyTorch did not refine it.
    io.stderr(`${outcome.error}; showing the static analysis\n`);
    return print(args, io, result, read);
  });
}

export function print(args: InspectArgs, io: CliIO, printed: PyTorchSourceAnalysis, source: CliPyTorchSource): number {
  const result = { ...printed, analysis: withUnreachedUnknown(printed.analysis) };
  const { analysis, trace } = result;
  const where = (d: Diagnostic) => (d.offset === undefined ? '' : ` (${describeOffset(source, d.offset)})`);
  if (args.format === 'json') {
    io.stdout(JSON.stringify(pytorchInspectJson(result, source), null, 2) + '\n');
  } else {
    const input = trace.input.shape
      ? `Input: ${formatTorchShapeText([null, ...trace.input.shape])} ${trace.input.dtype}${trace.input.source === 'comment' ? ' (from the "# input:" comment)' : ''}`
      : 'Input: unknown (no "# input:" comment and no --input-shape): shapes, MACs and activation memory are unknown';
    const buffers = analysis.layers.reduce<number | null>((sum, l) => (sum === null || l.buffers === null ? null : sum + (l.buffers ?? 0)), 0);
    io.stdout(inspectTable(analysis, {
      formatShape: formatTorchShapeText,
      header: [`Engine: ${trace.engine === 'pytorch' ? `PyTorch ${trace.torchVersion ?? ''} on the meta device`.replace('  ', ' ') : 'static analysis (the code was read, not run)'}`, input],
      totals: [`Buffers (not parameters): ${buffers === null ? '?' : buffers.toLocaleString('en-US')} elements`],
      omit: (l) => l.synthetic === true,
      describe: (d) => `${describeDiagnostic(d)}${where(d)}`,
    }));
  }
  return analysis.diagnostics.some((d) => d.severity === 'error') ? EXIT_MODEL_ERRORS : EXIT_OK;
}

export function pytorchInspectJson(result: PyTorchSourceAnalysis, source: CliPyTorchSource): PyTorchInspectJson {
  const { analysis, trace } = result;
  const base = inspectJson(analysis);
  const real = analysis.layers.filter((l) => l.synthetic !== true);
  const baseByName = new Map(base.layers.map((l) => [l.name, l]));
  return {
    model: {
      ...base.model,
      className: analysis.model.className,
      engine: trace.engine,
      ...(trace.torchVersion !== undefined ? { torchVersion: trace.torchVersion } : {}),
      input: { shape: trace.input.shape ? [...trace.input.shape] : null, dtype: trace.input.dtype, source: trace.input.source },
    },
    layers: real.map((l) => {
      const { name, className, inputShapes, outputShapes, params, trainableParams, nonTrainableParams, macs, outputBytesPerSample, derivation } = baseByName.get(l.name)!;
      return { name, className, inputShapes, outputShapes, params, trainableParams, nonTrainableParams, buffers: l.buffers ?? null, macs, outputBytesPerSample, derivation };
    }),
    totals: base.totals,
    memory: base.memory,
    diagnostics: analysis.diagnostics.map((d, i) => ({
      ...base.diagnostics[i],
      ...(d.offset !== undefined ? positionOf(source, d.offset) : {}),
    })),
  };
}

function unusable(args: InspectArgs, io: CliIO, path: string, message: string): number {
  if (args.format === 'json') {
    io.stdout(JSON.stringify({ model: null, layers: [], totals: null, memory: null, diagnostics: [{ severity: 'error', message, layer: null, path: [] }] }, null, 2) + '\n');
  } else {
    io.stderr(`${message.startsWith(path) ? '' : `${path}: `}${message}\n`);
  }
  return EXIT_UNUSABLE;
}
