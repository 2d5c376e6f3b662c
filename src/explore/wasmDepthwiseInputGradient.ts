// The gradient of a depthwise convolution with respect to its input (DepthwiseConv2dNativeBackpropInput) for TF.js's
// wasm backend, which (4.22) has none: without it, saliency through a MobileNet-like model's depthwise convs ran on
// the cpu backend (MobileNetV2-size: 3.6–6.6 s, on the page's main thread).
//
// It is itself a depthwise convolution, which the wasm backend runs on XNNPACK (SIMD). Forward, channels last, C
// input channels, channel multiplier M (output channel c·M + q):
//   y[oh, ow, c·M + q] = Σ_{fh, fw} x[oh·S + fh − padTop, ow·S + fw − padLeft, c] · f[fh, fw, c, q]
// so dx[ih, iw, c] = Σ_{q} z[ih, iw, c·M + q], where z = depthwiseConv(dy spread out by the stride (S − 1 zeros
// between its pixels), f flipped in space (f'[fh, fw, c·M + q, 0] = f[FH−1−fh, FW−1−fw, c, q]), stride 1, padding
// FH−1−padTop on top and whatever makes the output H×W at the bottom; the same across).
// Measured in Node (wasm SIMD, 2026-12-04, load ~2 on 2 cores) on MobileNetV2's 17 depthwise layers' shapes: 14.6 ms
// in all, median of 7; a plain JavaScript loop over the heap doing the same sums took 115 ms.
// Dilated depthwise convs have no input gradient in TF.js (its gradient function refuses them first).
import { backend_util, getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const DEPTHWISE_INPUT_GRADIENT = 'DepthwiseConv2dNativeBackpropInput';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: [number, number] | number;
  inputShape: [number, number, number, number];
}

type Args = { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: BackendWasm; attrs: Attrs };

function fail(why: string): never {
  throw new Error(`${DEPTHWISE_INPUT_GRADIENT} (wasm): ${why}`);
}

export function depthwiseInputGradientWasm({ inputs, backend, attrs }: Args): TensorInfo {
  const { dy, filter } = inputs;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') fail(`float32 only; got dy ${dy.dtype}, filter ${filter.dtype}.`);
  const info = backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides,
    attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CM } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) fail('dilation rates greater than 1 are not supported.');
  if (dy.shape.join() !== [B, OH, OW, CM].join()) fail(`dy has shape [${dy.shape}], expected [${[B, OH, OW, CM]}].`);
  // dy spread out by the stride: LH×LW.
  const LH = (OH - 1) * SH + 1;
  const LW = (OW - 1) * SW + 1;
  const top = FH - 1 - info.padInfo.top;
  const left = FW - 1 - info.padInfo.left;
  const bottom = H - LH + FH - 1 - top;
  const right = W - LW + FW - 1 - left;
  // Only explicit padding wider than the filter makes these negative ('same' and 'valid' never do).
  if (Math.min(top, left, bottom, right) < 0) fail(`padding [${[info.padInfo.top, info.padInfo.bottom, info.padInfo.left, info.padInfo.right]}] is wider than the ${FH}×${FW} filter.`);
  const conv = getKernel('DepthwiseConv2dNative', 'wasm') ?? fail('the backend has no DepthwiseConv2dNative kernel.');

  const spread = SH === 1 && SW === 1 ? dy : spreadByStride(backend, dy, [B, OH, OW, CM], SH, SW);
  const flipped = flippedFilter(backend, filter, FH, FW, CM);
  const z = conv.kernelFunc({
    inputs: { x: spread, filter: flipped }, backend,
    attrs: { strides: 1, pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dilations: 1, dataFormat: 'NHWC' } as unknown as NamedAttrMap,
  }) as TensorInfo;
  if (spread !== dy) backend.disposeData(spread.dataId);
  backend.disposeData(flipped.dataId);
  const M = CM / C;
  if (M === 1) return z;
  const dx = backend.makeOutput([B, H, W, C], 'float32');
  // Views after every allocation: allocating may grow (and detach) the heap.
  const to = backend.typedArrayFromHeap(dx) as Float32Array;
  const from = backend.typedArrayFromHeap(z) as Float32Array;
  for (let i = 0; i < to.length; i++) {
    let sum = 0;
    for (let q = 0; q < M; q++) sum += from[i * M + q];
    to[i] = sum;
  }
  backend.disposeData(z.dataId);
  return dx;
}

/** dy with SH − 1 zero rows between its rows and SW − 1 zero columns between its columns. */
function spreadByStride(backend: BackendWasm, dy: TensorInfo, [B, OH, OW, CM]: number[], SH: number, SW: number): TensorInfo {
  const LH = (OH - 1) * SH + 1;
  const LW = (OW - 1) * SW + 1;
  const spread = backend.makeOutput([B, LH, LW, CM], 'float32');
  const to = backend.typedArrayFromHeap(spread) as Float32Array;
  const from = backend.typedArrayFromHeap(dy) as Float32Array;
  to.fill(0); // makeOutput's memory is not zeroed
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const s = ((b * OH + oh) * OW + ow) * CM;
        to.set(from.subarray(s, s + CM), ((b * LH + oh * SH) * LW + ow * SW) * CM);
      }
    }
  }
  return spread;
}

/** [FH, FW, C·M, 1]: the filter turned by 180° in space, its channel axes merged (the same order, c·M + q). */
function flippedFilter(backend: BackendWasm, filter: TensorInfo, FH: number, FW: number, CM: number): TensorInfo {
  const flipped = backend.makeOutput([FH, FW, CM, 1], 'float32');
  const to = backend.typedArrayFromHeap(flipped) as Float32Array;
  const from = backend.typedArrayFromHeap(filter) as Float32Array;
  for (let fh = 0; fh < FH; fh++) {
    for (let fw = 0; fw < FW; fw++) {
      const s = ((FH - 1 - fh) * FW + (FW - 1 - fw)) * CM;
      to.set(from.subarray(s, s + CM), (fh * FW + fw) * CM);
    }
  }
  return flipped;
}

export const wasmDepthwiseInputGradientConfig: KernelConfig = {
  kernelName: DEPTHWISE_INPUT_GRADIENT,
  backendName: 'wasm',
  kernelFunc: depthwiseInputGradientWasm as unknown as KernelFunc,
};
