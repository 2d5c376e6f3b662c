// The contract between the PyTorch front end (formats/pytorch: the static interpreter and the PyTorch engine's
// trace) and the PyTorch layer catalogue (this folder). Each torch.nn class is described once, here: its
// constructor's signature, its parameters and buffers, what one call computes (shapes, MACs, the derivation with the
// numbers substituted, PyTorch's own error when the shapes break), its torch.nn.functional counterparts, what its
// backward keeps and how the dashboard draws it. PyTorch semantics throughout: channels first, integer or
// 'same'/'valid' padding, floor division with ceil_mode, pools' default stride = kernel size.
//
// The data crossing this contract is plain (numbers, strings, arrays): the rules never see the interpreter's values.
import type { LayerDrawing } from '../../analysisResult';
import type { Shape } from '../../ir';
import type { BackwardByMemoryModel } from '../backward';

/** A value the interpreter could not follow, with why (e.g. `the value of self.k comes from an unknown call`). */
export interface UnknownValue {
  readonly kind: 'unknown';
  readonly why: string;
}

/** A slice in a subscript (`x[:, -1]`); null parts are omitted ones. */
export interface SliceValue {
  readonly kind: 'slice';
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;
}

/** `...` in a subscript. */
export interface EllipsisValue {
  readonly kind: 'ellipsis';
}

/**
 * A Python value as a rule sees it: int/float → number, str, bool, None → null, tuple/list → array, plus slices and
 * `...` for subscripts. (A torch dtype is its name as a string: `'float32'`.)
 */
export type ArgValue = number | string | boolean | null | UnknownValue | SliceValue | EllipsisValue | readonly ArgValue[];

/**
 * A tensor as a rule sees it: its full shape, batch included (concrete in the static engine's run; null = unknown).
 * Without an input shape the engine still runs: the input is `shape: null`, and each rule returns what it can know
 * (Conv2d on an unknown input: `[batch, out_channels, null, null]`; Linear: `[..., out_features]` with rank unknown →
 * null; a channel count it can check, it checks). Never a guessed number.
 */
export interface TensorValue {
  readonly kind: 'tensor';
  /** null when even the rank is unknown. */
  readonly shape: Shape | null;
  /** torch dtype name without `torch.`: `float32`, `int64`, `bool`. */
  readonly dtype: string;
}

/** What a module call receives and returns: tensors, plain values, and tuples of them (an LSTM's `(h, c)`). */
export type CallValue = ArgValue | TensorValue | readonly CallValue[];

/** One parameter of a Python signature. `required` when it has no default. `*args` style is `variadic`. */
export interface ParamSpec {
  readonly name: string;
  readonly default?: ArgValue;
  readonly required?: boolean;
  readonly keywordOnly?: boolean;
  /** `*args`: collects the remaining positional arguments as an array. */
  readonly variadic?: boolean;
}

/** Constructor arguments bound by name, defaults filled in (what `inspect.signature(...).bind` would give). */
export type Args = Readonly<Record<string, ArgValue>>;

export interface TorchParameter {
  /** `weight`, `bias`, `weight_ih_l0`, … as `named_parameters()` names them inside the module. */
  readonly name: string;
  readonly shape: readonly number[];
  /** False for a frozen parameter (`p.requires_grad = False`, reported by the PyTorch engine); absent: trainable. */
  readonly requiresGrad?: boolean;
}

export interface TorchBuffer {
  /** `running_mean`, `running_var`, `num_batches_tracked`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** What a module owns, from its constructor's arguments alone (PyTorch creates it in `__init__`). */
export interface TorchWeights {
  /** Trainable parameters (requires_grad=True). */
  readonly parameters: readonly TorchParameter[];
  readonly buffers: readonly TorchBuffer[];
}

/**
 * `arg` in a TorchRuleError or an argument span: a parameter's name, or `name.i` for the i-th element of a variadic
 * or tuple argument (`shape.1` is the `400` of `x.view(-1, 400)`).
 */
export type ArgRef = string;

/**
 * PyTorch rejects the constructor's arguments or the call's inputs. `message` is worded like PyTorch's own error
 * and names both numbers and where they come from. `arg` names the constructor (or functional) argument to blame
 * and `replacement` the value that would make it right, when one exists: the front end turns that into a quick fix.
 */
export class TorchRuleError extends Error {
  constructor(
    message: string,
    readonly arg?: ArgRef,
    readonly replacement?: ArgValue,
  ) {
    super(message);
    this.name = 'TorchRuleError';
  }
}

export interface ForwardContext {
  /** The constructor's arguments (for a functional call: the module arguments its FunctionalForm maps to). */
  readonly args: Args;
  /** forward's arguments bound by name to `forwardSignature` (default `[input]`), defaults filled in. */
  readonly inputs: Readonly<Record<string, CallValue>>;
  /** True while the module is in training mode (`self.training`); shapes never depend on it, dropout's mask does. */
  readonly training: boolean;
  /** Add a line to the derivation, numbers substituted: `H_out = floor((28 + 2·2 − 1·(5 − 1) − 1) / 1) + 1 = 28`. */
  derive(line: string): void;
  /** Something PyTorch accepts but is likely wrong, or a fidelity note; `arg`/`replacement` as in TorchRuleError. */
  warn(message: string, arg?: ArgRef, replacement?: ArgValue): void;
}

export interface ForwardResult {
  /** The call's result: a tensor, or a tuple for modules that return one (LSTM's `(output, (h_n, c_n))`). */
  readonly output: CallValue;
  /**
   * Multiply-accumulates for ONE sample (the batch axis excluded), null when unknown. Counted as the Keras catalogue
   * counts (analysisResult.ts LayerAnalysis.macs): products with weights and between tensors; not additions,
   * comparisons, lookups or nonlinearities.
   */
  readonly macs: number | null;
  /** Elements (one sample) of a tensor computed inside the call and kept for backward (LayerAnalysis.intermediateElementsPerSample). */
  readonly intermediateElements?: number | null;
}

/**
 * A torch.nn.functional (or torch.*) function that computes what the module computes: `F.max_pool2d` for MaxPool2d.
 * `signature` is the function's own, its tensor input(s) first; `toModule` maps its bound arguments to the module's
 * constructor arguments and forward inputs. A function that needs the weights as tensors (`F.conv2d(x, w)`) reads
 * their shapes from the TensorValues it is given.
 */
export interface FunctionalForm {
  /** Qualified as the user writes it after `import torch.nn.functional as F` / `import torch`: `F.max_pool2d`, `torch.flatten`. */
  readonly names: readonly string[];
  readonly signature: readonly ParamSpec[];
  toModule(bound: Readonly<Record<string, CallValue>>): { args: Args; inputs: Readonly<Record<string, CallValue>> };
}

export interface TorchModuleRule {
  /** PyTorch's class name: `Conv2d`, `BatchNorm2d`, `ReLU`. */
  readonly className: string;
  /** What the layer does, in a few words, for hover text. */
  readonly description: string;
  /** `__init__`'s parameters after `self`, in order, with PyTorch's defaults. */
  readonly signature: readonly ParamSpec[];
  /** `forward`'s parameters after `self`; absent: `[{ name: 'input', required: true }]`. */
  readonly forwardSignature?: readonly ParamSpec[];
  /**
   * Parameters and buffers from the constructor's arguments; throws TorchRuleError for arguments PyTorch rejects in
   * `__init__` (a negative size, `padding='same'` with stride > 1). Returns null when an argument it needs is unknown.
   */
  weights(args: Args): TorchWeights | null;
  /** One call. Throws TorchRuleError where PyTorch would raise (wrong channel count, a kernel larger than the input). */
  forward(ctx: ForwardContext): ForwardResult;
  /** Its torch.nn.functional counterparts, if any. */
  readonly functional?: readonly FunctionalForm[];
  /** What its backward keeps (layers/backward.ts), read by the memory walks for PyTorch models. */
  readonly backward: BackwardByMemoryModel;
  /** How the dashboard draws it. */
  readonly drawing: LayerDrawing;
}

/** A family module's rules (one file per family: convolution, pooling, normalisation, …). */
export type TorchFamily = readonly TorchModuleRule[];

export interface OpContext {
  /** The op's arguments bound by name to its signature (Tensor methods: `self` first), defaults filled in. */
  readonly inputs: Readonly<Record<string, CallValue>>;
  /** The concrete batch size of this run (the static engine runs the model at two batch sizes; see formats/pytorch). */
  readonly batch: number;
  derive(line: string): void;
  /**
   * Something PyTorch accepts but is likely wrong: `x.view(-1, 400)` on 256 elements per sample at a batch where
   * 256·N divides by 400 silently mixes samples. `arg`/`replacement` as in TorchRuleError.
   */
  warn(message: string, arg?: ArgRef, replacement?: ArgValue): void;
}

export interface OpResult {
  readonly output: CallValue;
  /** As ForwardResult.macs; null when unknown. 0 for pure reshuffles. */
  readonly macs: number | null;
}

/**
 * A torch function or Tensor method that is not a module's counterpart: reshaping (`view`, `reshape`, `flatten`,
 * `permute`), joining (`torch.cat`, `torch.stack`), arithmetic with broadcasting (`+`, `*`, `torch.matmul`),
 * reductions (`mean`, `sum`), size queries (`x.size(0)`, `x.shape`), tensor factories (`torch.zeros`) and indexing.
 */
export interface TensorOp {
  /**
   * How it is called: `torch.cat`, `Tensor.view` (a method; `self` is its first parameter), `Tensor.__add__` (an
   * operator; `__radd__` etc. for a number on the left), `Tensor.__getitem__`, `Tensor.shape` (an attribute, no call).
   */
  readonly names: readonly string[];
  readonly signature: readonly ParamSpec[];
  readonly description: string;
  /**
   * Whether a call appears as a step of the analysis (a row of the layer table, an inlay hint): true for ops that
   * make a new activation tensor (`view`, `cat`, `+`, `mean`); false for queries and no-ops (`size`, `shape`,
   * `contiguous`, `dim`).
   */
  readonly recorded: boolean;
  apply(ctx: OpContext): OpResult;
  /** What its backward keeps, for a recorded op. */
  readonly backward: BackwardByMemoryModel;
  readonly drawing: LayerDrawing;
}
