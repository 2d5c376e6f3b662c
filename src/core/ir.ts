// The model intermediate representation: what the parsers (TF.js model.json, Keras JSON, the built-in LeNet)
// produce and what the analysis consumes. Deliberately plain data (JSON-serialisable) so that the same value can
// cross to the webview and the CLI's JSON output without conversion.

/** A tensor shape with the batch dimension first; `null` is a dimension that is not known (batch, or a dynamic size). */
export type Shape = (number | null)[];

/** Where a thing came from in the source JSON, as a jsonc-parser path (`["modelTopology","config","layers",3]`). */
export type JsonPath = (string | number)[];

/** One call of a layer: which tensors it consumed. A layer shared by two calls has two nodes. */
export interface InboundNode {
  /** Tensors consumed by this call, in order. */
  inputs: TensorRef[];
  /** Extra call kwargs from the JSON (e.g. `{ mask: ... }`), kept for the record. */
  kwargs?: Record<string, unknown>;
  /** JSON path of this node in the source (an entry of `inbound_nodes`); absent for built-in or synthesised nodes. */
  path?: JsonPath;
}

/** A reference to an output tensor of a layer call: `layer`'s node `nodeIndex`, output `tensorIndex`. */
export interface TensorRef {
  layer: string;
  nodeIndex: number;
  tensorIndex: number;
  /** JSON path of the reference in the source, when it came from one (for precise diagnostics). */
  path?: JsonPath;
}

export interface LayerIR {
  /** Unique within its model. */
  name: string;
  /** The Keras/TF.js class name, e.g. `Conv2D`. */
  className: string;
  /** The layer's config object exactly as in the file (snake_case keys, as TF.js and Keras serialise them). */
  config: Record<string, unknown>;
  /** Keras 3's `build_config` of the layer object (it may hold the input shape of a model's first layer). */
  buildConfig?: Record<string, unknown>;
  /** Calls of this layer; empty for an InputLayer. */
  inboundNodes: InboundNode[];
  /** JSON path of the layer object in the source file (for hover, diagnostics and "reveal in editor"). */
  path: JsonPath;
  /** A nested model used as a layer (Sequential/Model/Functional inside a model). */
  nested?: ModelIR;
  /**
   * True for a layer the parser made up rather than read: the InputLayer that a Sequential model implies from its
   * first layer's `batch_input_shape` (TF.js and Keras create it too, but do not list it among the model's layers).
   */
  synthetic?: boolean;
}

export type ModelFormat = 'tfjs-layers' | 'keras' | 'builtin' | 'pytorch';

export interface ModelIR {
  name: string;
  /** `Sequential` or `Model`/`Functional`. Sequential models are normalised to an explicit chain of inbound nodes. */
  className: string;
  format: ModelFormat;
  layers: LayerIR[];
  inputs: TensorRef[];
  outputs: TensorRef[];
  /** Problems found while parsing; analysis adds its own. */
  diagnostics: Diagnostic[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** The layer it concerns, when it concerns one. */
  layer?: string;
  /** JSON path of the offending value (as precise as known). */
  path: JsonPath;
  /** Character offset and length in the source text, for problems that have no JSON path (malformed JSON). */
  offset?: number;
  length?: number;
}
