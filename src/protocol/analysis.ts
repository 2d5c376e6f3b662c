// Validator for core's `Analysis` value as it crosses to the webview. The TypeScript annotations tie each
// validator to core's interface: if core's types change, this file stops compiling instead of drifting.
import type { Analysis, LayerAnalysis, LayerCall, MemoryBreakdown } from '../core/analysis';
import type { Diagnostic, JsonPath, Shape } from '../core/ir';
import {
  arrayOf, bool, literal, nonNegInt, nullable, num, object, optional, ProtocolError, str, type Validator,
} from './validate';

const dim: Validator<number | null> = nullable(nonNegInt);
export const shape: Validator<Shape> = arrayOf(dim);

export const jsonPath: Validator<JsonPath> = arrayOf((v, p) => {
  if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) return v;
  throw new ProtocolError(p, 'a string or an array index', v);
});

export const diagnostic: Validator<Diagnostic> = object({
  severity: literal('error', 'warning', 'info'),
  message: str,
  layer: optional(str),
  path: jsonPath,
  offset: optional(nonNegInt),
  length: optional(nonNegInt),
});

const layerCall: Validator<LayerCall> = object({
  inputShapes: arrayOf(nullable(shape)),
  outputShapes: arrayOf(nullable(shape)),
});

export const layerAnalysis: Validator<LayerAnalysis> = object({
  name: str,
  className: str,
  path: jsonPath,
  inputShapes: arrayOf(nullable(shape)),
  outputShapes: arrayOf(nullable(shape)),
  params: nullable(nonNegInt),
  trainableParams: nullable(nonNegInt),
  nonTrainableParams: nullable(nonNegInt),
  macs: nullable(num),
  outputElementsPerSample: nullable(num),
  outputBytesPerSample: nullable(num),
  derivation: arrayOf(str),
  inboundLayers: arrayOf(str),
  calls: optional(arrayOf(layerCall)),
  // Recursive: a nested model's layers are validated with this same validator.
  nested: optional(arrayOf((v, p) => layerAnalysis(v, p))),
  synthetic: optional(bool),
});

/** Byte figures are NaN when a layer's size is unknown; JSON turns NaN into null, so null reads back as NaN. */
const bytesOrUnknown: Validator<number> = (v, p) => (v === null ? NaN : num(v, p));

export const memoryBreakdown: Validator<MemoryBreakdown> = object({
  batchSize: nonNegInt,
  dtype: literal('float32', 'float16'),
  optimizer: literal('sgd', 'momentum', 'rmsprop', 'adam', 'adamax', 'adagrad', 'adadelta'),
  parameterBytes: bytesOrUnknown,
  gradientBytes: bytesOrUnknown,
  optimizerStateBytes: bytesOrUnknown,
  activationBytes: bytesOrUnknown,
  inferencePeakBytes: bytesOrUnknown,
  trainingPeakBytes: bytesOrUnknown,
});

export const analysis: Validator<Analysis> = object({
  model: object({ name: str, format: str, className: str }),
  layers: arrayOf(layerAnalysis),
  totals: object({
    params: nullable(nonNegInt), trainableParams: nullable(nonNegInt), nonTrainableParams: nullable(nonNegInt), macs: nullable(num),
  }),
  memory: memoryBreakdown,
  diagnostics: arrayOf(diagnostic),
});
