// A conv layer's kernel for the Filters panel, in TF.js's layout: Conv2D [kh, kw, in, out]; DepthwiseConv2D and
// SeparableConv2D (its depthwise stage) [kh, kw, in, depth multiplier].
import { type ExploreModel, type LayerKernel } from './types';
import { loaded } from './loadedModel';

const KERNEL_WEIGHT: Record<string, string> = {
  Conv2D: 'kernel',
  DepthwiseConv2D: 'depthwise_kernel',
  SeparableConv2D: 'depthwise_kernel',
};

export function kernelOf(model: ExploreModel, layer: string): LayerKernel | null {
  const m = loaded(model);
  const info = m.info(layer);
  const weightName = KERNEL_WEIGHT[info.className];
  if (!weightName) return null;
  const weight = m.calls.get(layer)!.layer.weights.find((w) => w.originalName.split('/').pop() === weightName);
  if (!weight || weight.shape.length !== 4) return null;
  const values = Float32Array.from(weight.read().dataSync() as Float32Array);
  return { layer, shape: weight.shape as [number, number, number, number], values };
}
