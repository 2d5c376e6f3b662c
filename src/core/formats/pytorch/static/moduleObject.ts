// An nn.Module instance as the interpreter builds it: PyTorch's `_modules` (children in registration order), its
// own parameters and buffers, plain attributes, and where it was constructed. Three sorts: a catalogue class
// (`rule`), a container (Sequential / ModuleList / ModuleDict, or nn.Module itself), or a subclass written in the
// file (`pyClass`, based on one of those). A torch.nn class the catalogue does not know is kept with `rule`
// undefined and `unknownClass` set: listed, never guessed.
import type { Span } from '../trace';
import type { Args, TorchBuffer, TorchModuleRule, TorchParameter } from '../../../layers/torch/types';
import type { PyClass, PyValue } from './values';

export type ContainerKind = 'Module' | 'Sequential' | 'ModuleList' | 'ModuleDict';

export class ModuleObject {
  readonly t = 'module' as const;
  readonly children = new Map<string, ModuleObject>();
  readonly attrs = new Map<string, PyValue>();
  /** Parameters assigned as attributes (`nn.Parameter`) and buffers from `register_buffer`, for file classes. */
  readonly ownParameters: TorchParameter[] = [];
  readonly ownBuffers: TorchBuffer[] = [];
  /** Unknown sizes of own parameters (an `nn.Parameter` of an unknown tensor): the totals are then unknown. */
  ownParametersUnknown = false;
  args: Args = {};
  argSpans: Record<string, Span> = {};
  /** Arguments written as literals (or arithmetic on literals): a quick fix may rewrite them. */
  literalArgSpans: Record<string, Span> = {};
  /** The constructor call. */
  span?: Span;
  /** Parameters and buffers of a catalogue class; null when an argument they depend on is unknown. */
  weights: { parameters: readonly TorchParameter[]; buffers: readonly TorchBuffer[] } | null = null;
  training = false;
  /** Names of this module's own parameters frozen by the code (`p.requires_grad = False`, `requires_grad_(False)`). */
  readonly frozen = new Set<string>();

  constructor(
    /** PyTorch's `type(m).__name__`: the catalogue class, the container, or the file's class. */
    readonly className: string,
    readonly container: ContainerKind | null,
    readonly rule?: TorchModuleRule,
    readonly pyClass?: PyClass,
    readonly unknownClass = false,
  ) {}

  /** `len(list(m.children())) == 0`: the modules the oracle and the PyTorch engine hook. */
  get isLeaf(): boolean {
    return this.children.size === 0;
  }
}

/** named_modules(): pre-order, registration order, each module once under its first name. */
export function namedModules(root: ModuleObject): [string, ModuleObject][] {
  const out: [string, ModuleObject][] = [];
  const seen = new Set<ModuleObject>();
  const visit = (m: ModuleObject, prefix: string): void => {
    if (seen.has(m)) return;
    seen.add(m);
    out.push([prefix, m]);
    for (const [name, child] of m.children) visit(child, prefix ? `${prefix}.${name}` : name);
  };
  visit(root, '');
  return out;
}

/** This module's own parameters (a catalogue class's weights, or the file class's nn.Parameter attributes). */
export function ownParameters(m: ModuleObject): readonly { name: string; shape: readonly number[] }[] {
  return m.rule ? m.weights?.parameters ?? [] : m.ownParameters;
}
