// The PyTorch layer catalogue: every torch.nn class it knows → its rule, every torch.nn.functional / torch function
// and Tensor method → the module rule it is the counterpart of, or its op. Names are canonical: `F.` for
// torch.nn.functional, `torch.` for torch, `Tensor.` for methods (the front end resolves the user's import aliases).
// Duplicates are catalogue bugs and fail at load time.
import type { BackwardByMemoryModel } from '../backward';
import type { LayerDrawing } from '../../analysisResult';
import type { FunctionalForm, TensorOp, TorchFamily, TorchModuleRule } from './types';
import { activationRules } from './activations';
import { attentionRules } from './attention';
import { convolutionRules } from './convolution';
import { dropoutRules } from './dropout';
import { embeddingRules } from './embedding';
import { linearRules } from './linear';
import { lossRules } from './losses';
import { normalizationRules } from './normalization';
import { poolingRules } from './pooling';
import { recurrentRules } from './recurrent';
import { resamplingRules } from './resampling';
import { reshapingRules } from './reshaping';
import { tensorOps } from './ops';

const FAMILIES: readonly TorchFamily[] = [
  convolutionRules, poolingRules, normalizationRules, resamplingRules, linearRules, activationRules, dropoutRules,
  reshapingRules, embeddingRules, recurrentRules, attentionRules, lossRules,
];

/** What a name called in `forward` resolves to. */
export type TorchCallable =
  | { readonly kind: 'functional'; readonly rule: TorchModuleRule; readonly form: FunctionalForm }
  | { readonly kind: 'op'; readonly op: TensorOp };

const modules = new Map<string, TorchModuleRule>();
const callables = new Map<string, TorchCallable>();

for (const family of FAMILIES) {
  for (const rule of family) {
    if (modules.has(rule.className)) throw new Error(`torch.nn.${rule.className} is registered twice`);
    modules.set(rule.className, rule);
    for (const form of rule.functional ?? []) for (const name of form.names) addCallable(name, { kind: 'functional', rule, form });
  }
}
for (const op of tensorOps) for (const name of op.names) addCallable(name, { kind: 'op', op });

function addCallable(name: string, callable: TorchCallable): void {
  if (callables.has(name)) throw new Error(`${name} is registered twice in the PyTorch catalogue`);
  callables.set(name, callable);
}

/** The rule of a torch.nn class (`Conv2d`), or undefined for one the catalogue does not know. */
export function torchModuleRule(className: string): TorchModuleRule | undefined {
  return modules.get(className);
}

/** What `F.max_pool2d`, `torch.cat` or `Tensor.view` is, or undefined. */
export function torchCallable(canonicalName: string): TorchCallable | undefined {
  return callables.get(canonicalName);
}

/** Every torch.nn class the catalogue knows. */
export function knownTorchModules(): string[] {
  return [...modules.keys()].sort();
}

/** Every function, method and operator name the catalogue knows. */
export function knownTorchCallables(): string[] {
  return [...callables.keys()].sort();
}

/**
 * The parts of a layer of a PyTorch analysis that the memory walks and the dashboard read, by the layer's className:
 * a module's class (`Conv2d`) or a recorded call's canonical name (`F.max_pool2d`, `Tensor.view`).
 */
export function torchLayerTraits(className: string): { backward: BackwardByMemoryModel; drawing: LayerDrawing; description: string } | undefined {
  const rule = modules.get(className);
  if (rule) return rule;
  const callable = callables.get(className);
  if (!callable) return undefined;
  return callable.kind === 'op' ? callable.op : callable.rule;
}
