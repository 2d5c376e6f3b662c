// What a PyTorch engine learns about a model: every leaf module (and every recorded functional call) with its
// calls' shapes, its parameters and buffers, and where it is in the source. Both engines produce it — the static
// one by interpreting the source (formats/pytorch), the PyTorch one from forward hooks in the user's Python (run by
// the extension or the CLI, never by core) — and one builder turns it into the Analysis every face reads
// (traceToAnalysis.ts). Plain data: it crosses a process boundary as JSON.
import type { Severity, Shape } from '../../ir';
import type { Args, TorchBuffer, TorchParameter } from '../../layers/torch/types';

/** Character offsets in the analysed text (a .py file, or a notebook's code cells joined: see notebookCells.ts). */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A quick fix: edits that make the code right, e.g. `nn.Linear(400, 120)` → `nn.Linear(256, 120)`. */
export interface CodeFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface TraceDiagnostic {
  readonly severity: Severity;
  /** Names both numbers and where they come from. */
  readonly message: string;
  /** Where it is in the source: the exact literal when one is to blame. */
  readonly span: Span;
  /** The module's qualified name (or the recorded call's name) it concerns. */
  readonly layer?: string;
  readonly fixes?: readonly CodeFix[];
}

/** One call of a leaf module or one recorded functional call. Shapes have `null` for the batch axis (and unknowns). */
export interface TracedCall {
  readonly inputShapes: readonly (Shape | null)[];
  readonly outputShapes: readonly (Shape | null)[];
  /** Position in the whole forward's execution order (0-based, over all layers' calls). */
  readonly order: number;
  /** The call expression in `forward` (or the Sequential item that made the call), when known. */
  readonly span?: Span;
  /** Names of the layers whose outputs this call consumes (the model input is `input`; `input.1` for a second one). */
  readonly inboundLayers: readonly string[];
  /** Per sample; null when unknown. */
  readonly macs: number | null;
  readonly derivation: readonly string[];
  readonly intermediateElements?: number | null;
}

export interface TracedLayer {
  /**
   * A leaf module's qualified name as `named_modules()` gives it (`features.3`, `layer1.0.conv1`); a recorded call's
   * is its canonical function name and source line, `F.max_pool2d@24` (`@24#2` for the second call on that line).
   */
  readonly name: string;
  readonly kind: 'module' | 'call';
  /** PyTorch's class (`Conv2d`) for a module; the canonical name (`F.max_pool2d`, `Tensor.view`) for a call. */
  readonly className: string;
  /** Constructor arguments (a module) or the call's non-tensor arguments (a call), as far as known. */
  readonly args: Args;
  readonly parameters: readonly TorchParameter[] | null;
  readonly buffers: readonly TorchBuffer[] | null;
  /** The constructor call `nn.Conv2d(…)` (a module) or the call expression (a call). */
  readonly span?: Span;
  /** Where each argument's value was written (ArgRef → span), for quick fixes and hover. */
  readonly argSpans?: Readonly<Record<string, Span>>;
  /** Every call, in order; empty for a module forward never calls (listed, as PyTorch lists it). */
  readonly calls: readonly TracedCall[];
}

export interface TorchTrace {
  readonly engine: 'static' | 'pytorch';
  /** The PyTorch engine's `torch.__version__` (and the package version where `__version__` is unreliable). */
  readonly torchVersion?: string;
  /** The model analysed: a module-level variable or a class (built with no arguments). */
  readonly entry: { readonly name: string; readonly kind: 'instance' | 'class'; readonly className: string; readonly span?: Span } | null;
  /** Input shape per sample (C×H×W), or null when not known; where it came from. */
  readonly input: { readonly shape: readonly number[] | null; readonly dtype: string; readonly source: 'comment' | 'option' | 'none'; readonly span?: Span };
  /** Leaf modules in named_modules() order, then recorded calls; execution order is in their calls' `order`. */
  readonly layers: readonly TracedLayer[];
  /** The model's output shapes (null batch). */
  readonly outputShapes: readonly (Shape | null)[] | null;
  readonly diagnostics: readonly TraceDiagnostic[];
}

/** An nn.Module the user may pick as the model: a module-level instance, or a class. */
export interface ModelCandidate {
  readonly name: string;
  readonly kind: 'instance' | 'class';
  /** The class's name or the variable's assignment target. */
  readonly span: Span;
  /** The one the rule of issue #12 picks (the last module-level instance, else the outermost class). */
  readonly isDefault: boolean;
}
