// A faster Conv2DBackpropInput (the gradient of a 2-D convolution with respect to its input) for TF.js's wasm backend.
// The wasm backend has one, but it is a direct C loop without SIMD: 30 ms of a 150 ms LeNet training step (profiled,
// batch 100) — and TF.js's fused conv2d gradient computes it even for the first layer, whose input needs no gradient.
// Explore's saliency and Grad-CAM use it too (an input gradient through every convolution of the model).
//
// This one is the transpose of the im2col formulation used for the filter gradient: one matrix product on the wasm
// backend's BatchMatMul kernel (XNNPACK, SIMD), then a JS scatter-add ("col2im") straight into the wasm heap:
//   G = dy₂ · W₂ᵀ            dy₂ = dy as [B·OH·OW, CO],  W₂ = filter as [FH·FW·CI, CO],  G is [B·OH·OW, FH·FW·CI]
//   dx[b, oh·sh + fh·dh − padTop, ow·sw + fw·dw − padLeft, ci] += G[(b·OH + oh)·OW + ow, (fh·FW + fw)·CI + ci]
// Taps that fall into the padding are dropped. NHWC only, like the layers that train here; NCHW goes to the original.
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo, type NamedAttrMap } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runWasmKernel } from './runWasmKernel';

const run = (name: string, backend: BackendWasm, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo =>
  runWasmKernel(name, 'Conv2DBackpropInput', backend, inputs, attrs);

interface BackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
  dilations?: [number, number] | number;
}

type Args = { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: BackendWasm; attrs: BackpropInputAttrs };

export function conv2DBackpropInputWasm(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const dilations = attrs.dilations ?? 1;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropInput (wasm) supports float32 only; got dy ${dy.dtype}, filter ${filter.dtype}.`);
  }
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, dilations,
    pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
  const { batchSize: B, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  if (dy.shape.join() !== [B, OH, OW, CO].join()) {
    throw new Error(`Conv2DBackpropInput (wasm): dy has shape [${dy.shape}], expected [${[B, OH, OW, CO]}].`);
  }
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  // With stride 1 the input gradient is itself a plain convolution of dy with the filter flipped in space and with
  // its channel axes swapped, on "full" padding (FH−1)·DH − pad (derivation: ih = oh + padTop − fh·DH, substitute
  // fh' = FH−1−fh). That runs on the wasm backend's XNNPACK Conv2D. Padding larger than the dilated filter would need
  // negative padding there, so it takes the general path.
  const fullTop = (FH - 1) * DH - padTop;
  const fullLeft = (FW - 1) * DW - padLeft;
  const fullBottom = (FH - 1) * DH - info.padInfo.bottom;
  const fullRight = (FW - 1) * DW - info.padInfo.right;
  if (SH === 1 && SW === 1 && Math.min(fullTop, fullLeft, fullBottom, fullRight) >= 0) {
    const flipped = flipFilter(backend, filter, FH, FW, CI, CO);
    const fullPad = [[0, 0], [fullTop, fullBottom], [fullLeft, fullRight], [0, 0]];
    if (CI === 1) {
      // One input channel (a network's first layer on grey images): the conv above would have a single output
      // channel, which XNNPACK computes at a fraction of its speed (7.8 ms of a LeNet step). The same sum is a
      // depthwise conv of dy with the flipped filter (one tap set per dy channel, [FH, FW, CO, 1]) followed by a sum
      // over the CO channels: measured 6.0 → 3.5 ms CPU on LeNet's C1 (batch 100), 2026-11-27.
      const perChannel = run('DepthwiseConv2dNative', backend, { x: dy, filter: flipped }, {
        strides: 1, pad: fullPad, dataFormat: 'NHWC', dilations: [DH, DW], dimRoundingMode: undefined,
      } as unknown as NamedAttrMap);
      backend.disposeData(flipped.dataId);
      const dx = run('Sum', backend, { x: perChannel }, { axis: 3, keepDims: true } as unknown as NamedAttrMap);
      backend.disposeData(perChannel.dataId);
      return dx;
    }
    const dx = run('Conv2D', backend, { x: dy, filter: flipped }, {
      strides: 1, pad: fullPad, dataFormat: 'NHWC',
      dilations: [DH, DW], dimRoundingMode: undefined,
    } as unknown as NamedAttrMap);
    backend.disposeData(flipped.dataId);
    return dx;
  }
  return backpropByCol2Im(backend, dy, filter, info);
}

/** The filter for the stride-1 path: flipped[fh, fw, co, ci] = filter[FH−1−fh, FW−1−fw, ci, co]. */
function flipFilter(backend: BackendWasm, filter: TensorInfo, FH: number, FW: number, CI: number, CO: number): TensorInfo {
  const flipped = backend.makeOutput([FH, FW, CO, CI], 'float32');
  const to = backend.typedArrayFromHeap(flipped) as Float32Array;
  const from = backend.typedArrayFromHeap(filter) as Float32Array;
  for (let fh = 0; fh < FH; fh++) {
    for (let fw = 0; fw < FW; fw++) {
      const src = ((FH - 1 - fh) * FW + (FW - 1 - fw)) * CI * CO;
      const dst = (fh * FW + fw) * CO * CI;
      for (let ci = 0; ci < CI; ci++) for (let co = 0; co < CO; co++) to[dst + co * CI + ci] = from[src + ci * CO + co];
    }
  }
  return flipped;
}

/** Any stride: G = dy₂ · W₂ᵀ on XNNPACK, then the scatter-add of G's rows into dx. */
function backpropByCol2Im(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const K = FH * FW * CI;
  const N = B * OH * OW;
  // BatchMatMul reaches XNNPACK only without transposes, so W₂ᵀ ([CO, K]) is materialised (it is small).
  const wT = run('Transpose', backend, { x: filter }, { perm: [3, 0, 1, 2] });
  const wT2 = run('Reshape', backend, { x: wT }, { shape: [CO, K] });
  const dy2 = run('Reshape', backend, { x: dy }, { shape: [N, CO] });
  const g = run('BatchMatMul', backend, { a: dy2, b: wT2 }, { transposeA: false, transposeB: false });
  for (const t of [wT, wT2, dy2]) backend.disposeData(t.dataId);

  const dx = backend.makeOutput([B, H, W, CI], 'float32');
  // Views after every allocation: allocating may grow (and detach) the heap. makeOutput memory is not zeroed.
  const dxData = backend.typedArrayFromHeap(dx) as Float32Array;
  const gData = backend.typedArrayFromHeap(g) as Float32Array;
  dxData.fill(0);
  const rowStride = W * CI;
  let gi = 0;
  for (let b = 0; b < B; b++) {
    const dxBatch = b * H * rowStride;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - padTop;
      for (let ow = 0; ow < OW; ow++, gi += K) {
        const iw0 = ow * SW - padLeft;
        for (let fh = 0; fh < FH; fh++) {
          const ih = ih0 + fh * DH;
          if (ih < 0 || ih >= H) continue;
          const dxRow = dxBatch + ih * rowStride;
          const gRow = gi + fh * FW * CI;
          for (let fw = 0; fw < FW; fw++) {
            const iw = iw0 + fw * DW;
            if (iw < 0 || iw >= W) continue;
            const d = dxRow + iw * CI;
            const s = gRow + fw * CI;
            for (let ci = 0; ci < CI; ci++) dxData[d + ci] += gData[s + ci];
          }
        }
      }
    }
  }
  backend.disposeData(g.dataId);
  return dx;
}

export function makeWasmConv2DBackpropInputConfig(original: KernelConfig | undefined): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo => {
    if (args.attrs.dataFormat === 'NCHW' && original !== undefined) return (original.kernelFunc as unknown as (a: Args) => TensorInfo)(args);
    if (args.attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput (wasm): NCHW is not supported.');
    return conv2DBackpropInputWasm(args);
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
