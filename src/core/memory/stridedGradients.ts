// Which layers PyTorch's autograd hands a strided view as their output gradient: torch.cat's backward gives each input
// a slice of its own gradient (narrow, no copy), and a slice along any axis after one of size > 1 is not contiguous (a
// channel slice of an [N, C, H, W] gradient at N > 1). An add passes its gradient on unchanged to both inputs, so the
// view travels through it. A tensor read by several layers gets the sum of its gradients, a new contiguous tensor.
// Measured (PyTorch 1.13 CPU, the memory corpus's functional-merges): both convolutions under the add that torch.cat
// reads receive a non-contiguous view and copy it (aten::contiguous) before their backward.
import type { LayerSemantics } from '../layers/types';
import type { Graph } from './memoryModel';
import type { WalkedLayer } from './nestedModels';

/** Concatenations by class (Keras) or recorded call (PyTorch). */
const CONCATENATIONS: ReadonlySet<string> = new Set(['Concatenate', 'torch.cat', 'torch.concat', 'torch.concatenate']);
/** Element-wise sums whose backward returns its gradient itself for every input (same shapes, alpha 1). */
const ADDITIONS: ReadonlySet<string> = new Set(['Add', 'Tensor.__add__', 'Tensor.__radd__', 'Tensor.add', 'torch.add']);

type Shape = readonly (number | null)[];

/** The shape as PyTorch lays it out: a Keras channels-last tensor of rank ≥ 3 has its channels at axis 1. */
function pytorchLayout(shape: Shape, channelsLast: boolean): Shape {
  return channelsLast && shape.length >= 3 ? [shape[0], shape[shape.length - 1], ...shape.slice(1, -1)] : shape;
}

/** Whether the slice of `output` that `input` is (concatenated along the one axis where they differ) is strided. */
function isStridedSlice(input: Shape | null | undefined, output: Shape | null | undefined, batch: number, channelsLast: boolean): boolean {
  if (!input || !output || input.length !== output.length) return false;
  const inp = pytorchLayout(input, channelsLast);
  const out = pytorchLayout(output, channelsLast);
  const axis = out.findIndex((d, i) => i > 0 && d !== inp[i]);
  if (axis < 1) return false;
  // Contiguous only when every axis before the concatenated one has size 1.
  return out.slice(0, axis).some((d, i) => (i === 0 ? batch : d ?? 2) > 1);
}

/**
 * 1 for each layer whose output gradient is a strided view of a concatenation's gradient (at this batch size), 0
 * otherwise. Layers in execution order; a consumer is walked after its producers, so consumers are decided first.
 */
export function stridedOutputGradients(layers: readonly WalkedLayer[], g: Graph, batch: number, semantics: LayerSemantics): Uint8Array {
  const n = layers.length;
  const channelsLast = semantics !== 'pytorch';
  // Consumers of each output, one entry per input edge (a layer reading a tensor twice gets two gradients).
  const readers: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < n; j++) {
    const names = layers[j].inboundLayers;
    for (const p of g.inbound[j]) for (const name of names) if (name === layers[p].name) readers[p].push(j);
  }
  const strided = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (readers[i].length !== 1 || g.isModelOutput[i]) continue;
    const j = readers[i][0];
    const consumer = layers[j];
    if (CONCATENATIONS.has(consumer.className)) {
      const at = consumer.inboundLayers.indexOf(layers[i].name);
      strided[i] = isStridedSlice(consumer.inputShapes[at], consumer.outputShapes?.[0], batch, channelsLast) ? 1 : 0;
    } else if (ADDITIONS.has(consumer.className) && strided[j]) {
      const out = consumer.outputShapes?.[0];
      // Broadcasting sums its gradient down to the input's shape: a new tensor.
      strided[i] = consumer.inputShapes.every((s) => s && out && s.length === out.length && s.every((d, k) => d === out[k])) ? 1 : 0;
    }
  }
  return strided;
}
