// Reshaping modules: Flatten (dims start_dim..end_dim into one; default 1..-1 keeps the batch) and Unflatten (one dim
// into several, one of them may be -1). Pure reshuffles: no weights, no MACs, backward keeps nothing.
// (torch.flatten, Tensor.flatten/view/reshape/unflatten are tensor ops: layers/torch/ops.)
import { keepsNothing } from '../backward';
import { sharesInput } from './savedForBackward';
import type { Shape } from '../../ir';
import type { TorchModuleRule } from './types';
import { TorchRuleError } from './types';
import { count, intArg, productOf, shapeTuple, tensor, tensorInput, wrapDim } from './tensorInputs';

const flatten: TorchModuleRule = {
  className: 'Flatten',
  description: 'flattens dims start_dim..end_dim into one',
  signature: [{ name: 'start_dim', default: 1 }, { name: 'end_dim', default: -1 }],
  weights: () => ({ parameters: [], buffers: [] }),
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'Flatten');
    const startArg = intArg(ctx.args, 'start_dim', 'Flatten');
    const endArg = intArg(ctx.args, 'end_dim', 'Flatten');
    const shape = input.shape;
    if (shape === null || startArg === null || endArg === null) {
      ctx.derive('output: dims start_dim..end_dim flattened (the input\'s rank or a dim argument is unknown)');
      return { output: tensor(null, input.dtype), macs: 0 };
    }
    // A 0-d tensor flattens to one element (PyTorch treats it as rank 1 for the dims).
    const dims: Shape = shape.length === 0 ? [1] : shape;
    const start = wrapDim(startArg, dims.length, 'start_dim');
    const end = wrapDim(endArg, dims.length, 'end_dim');
    if (start > end) throw new TorchRuleError('flatten() has invalid args: start_dim cannot come after end_dim', 'start_dim');
    const merged = productOf(dims.slice(start, end + 1));
    const output: Shape = [...dims.slice(0, start), merged, ...dims.slice(end + 1)];
    ctx.derive(`output = ${shapeTuple(output)}: dims ${start}..${end} of ${shapeTuple(shape)} → ${dims.slice(start, end + 1).map(count).join('·')} = ${count(merged)}`);
    return { output: tensor(output, input.dtype), macs: 0 };
  },
  backward: { idealAutograd: keepsNothing, pytorch: sharesInput('flatten (a view)') },
  drawing: 'reshape',
};

function sizesOf(raw: unknown): (number | null)[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.map((v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null));
}

const unflatten: TorchModuleRule = {
  className: 'Unflatten',
  description: 'splits one dim into several',
  signature: [{ name: 'dim', required: true }, { name: 'unflattened_size', required: true }],
  weights: (args) => {
    const raw = args.unflattened_size;
    if (Array.isArray(raw)) {
      raw.forEach((v, i) => {
        if (typeof v === 'number' && !Number.isInteger(v)) {
          throw new TorchRuleError(`unflattened_size must be tuple of ints, but found element of type float at pos ${i}`, `unflattened_size.${i}`);
        }
      });
    }
    return { parameters: [], buffers: [] };
  },
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'Unflatten');
    const dimArg = intArg(ctx.args, 'dim', 'Unflatten');
    const sizes = sizesOf(ctx.args.unflattened_size);
    const shape = input.shape;
    if (shape === null || dimArg === null || sizes === null) {
      ctx.derive('output: one dim split into unflattened_size (the input\'s shape or an argument is unknown)');
      return { output: tensor(null, input.dtype), macs: 0 };
    }
    const dim = wrapDim(dimArg, shape.length, 'dim');
    const size = shape[dim];
    const inferred = sizes.findIndex((s) => s === -1);
    if (sizes.filter((s) => s === -1).length > 1) throw new TorchRuleError('only one dimension can be inferred', 'unflattened_size');
    const knownProduct = productOf(sizes.filter((s) => s !== -1));
    const out = sizes.slice();
    if (size !== null && knownProduct !== null) {
      const fits = inferred >= 0 ? knownProduct !== 0 && size % knownProduct === 0 : knownProduct === size;
      if (!fits) {
        throw new TorchRuleError(
          `unflatten: Provided sizes ${listOf(sizes)} don't multiply up to the size of dim ${dim} (${size}) in the input tensor`,
          'unflattened_size',
        );
      }
      if (inferred >= 0) out[inferred] = size / knownProduct;
    } else if (inferred >= 0) {
      out[inferred] = null;
    }
    const output: Shape = [...shape.slice(0, dim), ...out, ...shape.slice(dim + 1)];
    ctx.derive(`output = ${shapeTuple(output)}: dim ${dim} (${count(size)}) → ${out.map(count).join('×')}`);
    return { output: tensor(output, input.dtype), macs: 0 };
  },
  backward: { idealAutograd: keepsNothing, pytorch: sharesInput('unflatten (a view)') },
  drawing: 'reshape',
};

function listOf(values: readonly (number | null)[]): string {
  return `[${values.map(count).join(', ')}]`;
}

export const reshapingRules: readonly TorchModuleRule[] = [flatten, unflatten];
