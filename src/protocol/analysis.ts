// Validator for core's `Analysis` value as it crosses to the webview. Every object validator is `objectOf<T>()` of
// core's interface: a field added to core and not listed here is a compile error, because a field the validator drops
// is a number the dashboard computes differently from the editor (issue #15).
import type {
  Analysis, LayerAnalysis, LayerCall, LayerDrawing, MemoryBreakdown, MemoryFramework, MemoryTerm, TensorOf, Diagnostic, JsonPath, Shape,
} from '../core';
import {
  arrayOf, bool, literal, nonNegInt, nullable, num, objectOf, optional, ProtocolError, str, type Validator,
} from './validate';
import { DTYPES, OPTIMIZER_NAMES, type MemoryLayer } from '../core/memory';

const dim: Validator<number | null> = nullable(nonNegInt);
export const shape: Validator<Shape> = arrayOf(dim);

export const jsonPath: Validator<JsonPath> = arrayOf((v, p) => {
  if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) return v;
  throw new ProtocolError(p, 'a string or an array index', v);
});

export const diagnostic: Validator<Diagnostic> = objectOf<Diagnostic>({
  severity: literal('error', 'warning', 'info'),
  message: str,
  layer: optional(str),
  path: jsonPath,
  offset: optional(nonNegInt),
  length: optional(nonNegInt),
});

const tensorOf: Validator<TensorOf> = objectOf<TensorOf>({ layer: str, tensor: nonNegInt });

// Every LayerDrawing, listed: `satisfies` refuses a name that is not one, and EVERY_DRAWING one that is left out.
const LAYER_DRAWINGS = [
  'input', 'conv', 'pool', 'dense', 'activation', 'normalization', 'regularization', 'reshape', 'merge', 'other',
] as const satisfies readonly LayerDrawing[];
const EVERY_DRAWING: Exclude<LayerDrawing, (typeof LAYER_DRAWINGS)[number]> extends never ? true : never = true;
void EVERY_DRAWING;
const layerDrawing: Validator<LayerDrawing> = literal(...LAYER_DRAWINGS);

const layerCall: Validator<LayerCall> = objectOf<LayerCall>({
  inputShapes: arrayOf(nullable(shape)),
  outputShapes: arrayOf(nullable(shape)),
  inboundLayers: optional(arrayOf(str)),
  inboundTensors: optional(arrayOf(tensorOf)),
});

export const layerAnalysis: Validator<LayerAnalysis> = objectOf<LayerAnalysis>({
  name: str,
  className: str,
  path: jsonPath,
  inputShapes: arrayOf(nullable(shape)),
  outputShapes: arrayOf(nullable(shape)),
  params: nullable(nonNegInt),
  trainableParams: nullable(nonNegInt),
  nonTrainableParams: nullable(nonNegInt),
  buffers: optional(nullable(nonNegInt)),
  macs: nullable(num),
  outputElementsPerSample: nullable(num),
  outputBytesPerSample: nullable(num),
  derivation: arrayOf(str),
  inboundLayers: arrayOf(str),
  calls: optional(arrayOf(layerCall)),
  // Recursive: a nested model's layers are validated with this same validator.
  nested: optional(arrayOf((v, p) => layerAnalysis(v, p))),
  nestedOutputs: optional(arrayOf(tensorOf)),
  inboundTensors: optional(arrayOf(tensorOf)),
  intermediateElementsPerSample: optional(nullable(num)),
  activation: optional(nullable(str)),
  drawing: optional(layerDrawing),
  synthetic: optional(bool),
});

/**
 * What the memory walks read of a layer (core/memory's MemoryLayer): a PyTorch model's walk has one entry per call
 * (`pool`, `pool#2`), which the page's what-if walks exactly as the host's analysis did.
 */
export const memoryLayer: Validator<MemoryLayer> = objectOf<MemoryLayer>({
  name: str,
  className: str,
  params: nullable(nonNegInt),
  trainableParams: nullable(nonNegInt),
  outputElementsPerSample: nullable(num),
  inputShapes: arrayOf(nullable(shape)),
  inboundLayers: arrayOf(str),
  intermediateElementsPerSample: optional(nullable(num)),
  nestedOutputs: optional(arrayOf(tensorOf)),
  inboundTensors: optional(arrayOf(tensorOf)),
  buffers: optional(nullable(nonNegInt)),
  activation: optional(nullable(str)),
  outputShapes: optional(arrayOf(nullable(shape))),
  inplace: optional(bool),
  nested: optional(arrayOf((v, p) => memoryLayer(v, p))),
  calls: optional(arrayOf(objectOf<NonNullable<MemoryLayer['calls']>[number]>({
    inputShapes: arrayOf(nullable(shape)),
    inboundLayers: optional(arrayOf(str)),
    inboundTensors: optional(arrayOf(tensorOf)),
  }))),
});

/** Byte figures are NaN when a layer's size is unknown; JSON turns NaN into null, so null reads back as NaN. */
// Unknown bytes are NaN in core: JSON (VS Code's postMessage) carries them as null, a structured clone (a browser's
// postMessage) as NaN itself; both read back as unknown.
const bytesOrUnknown: Validator<number> = (v, p) => (v === null || Number.isNaN(v) ? NaN : num(v, p));

const peakRange = objectOf<NonNullable<MemoryBreakdown['trainingPeakRange']>>({ lowBytes: bytesOrUnknown, highBytes: bytesOrUnknown, why: str });

// Every MemoryFramework, listed (as the drawings above).
const MEMORY_FRAMEWORKS = ['tfjs', 'pytorch', 'idealAutograd'] as const satisfies readonly MemoryFramework[];
const EVERY_FRAMEWORK: Exclude<MemoryFramework, (typeof MEMORY_FRAMEWORKS)[number]> extends never ? true : never = true;
void EVERY_FRAMEWORK;

export const memoryBreakdown: Validator<MemoryBreakdown> = objectOf<MemoryBreakdown>({
  batchSize: nonNegInt,
  dtype: literal(...DTYPES),
  optimizer: literal(...OPTIMIZER_NAMES),
  parameterBytes: bytesOrUnknown,
  gradientBytes: bytesOrUnknown,
  optimizerStateBytes: bytesOrUnknown,
  activationBytes: bytesOrUnknown,
  inferencePeakBytes: bytesOrUnknown,
  trainingPeakBytes: bytesOrUnknown,
  framework: optional(literal(...MEMORY_FRAMEWORKS)),
  device: optional(literal('cuda', 'cpu')),
  idealAutograd: optional(objectOf<NonNullable<MemoryBreakdown['idealAutograd']>>({ inferencePeakBytes: bytesOrUnknown, trainingPeakBytes: bytesOrUnknown })),
  derivation: optional(arrayOf(objectOf<MemoryTerm>({ phase: literal('training', 'inference'), label: str, bytes: bytesOrUnknown, why: str }))),
  assumptions: optional(arrayOf(str)),
  trainingPeakRange: optional(peakRange),
  inferencePeakRange: optional(peakRange),
});

const counts = nullable(nonNegInt);

export const analysis: Validator<Analysis> = objectOf<Analysis>({
  model: objectOf<Analysis['model']>({ name: str, format: str, className: str }),
  layers: arrayOf(layerAnalysis),
  totals: objectOf<Analysis['totals']>({ params: counts, trainableParams: counts, nonTrainableParams: counts, macs: nullable(num) }),
  memory: memoryBreakdown,
  diagnostics: arrayOf(diagnostic),
});
