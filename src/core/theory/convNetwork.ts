// A small 2-D network described the way the notebook does ("3×3 filters, stride 2, same padding, 100 channels"), with
// every size derived: per-layer output shape, parameters, memory per sample and per batch, and the memory model's
// peaks. Used for the notebook's worked example and its "why pooling" point.
import type { DType, OptimizerName } from '../analysisResult';
import { BYTES_PER_ELEMENT } from '../memory/dtype';
import { computeMemoryDetail, type MemoryDetail, type MemoryLayer } from '../memory/memoryModel';
import { outputSize, samePadding } from './outputSize';
import { convParams } from './parameters';

export type ConvNetLayer =
  | { kind: 'conv'; filters: number; kernel: number; stride?: number; padding: 'same' | 'valid' | number; bias?: boolean }
  | { kind: 'maxpool' | 'avgpool'; size: number; stride?: number };

export interface ConvNetInput {
  height: number;
  width: number;
  channels: number;
}

export interface ConvNetLayerResult {
  name: string;
  className: string;
  /** [height, width, channels] (channels last, as TF.js). */
  outputShape: [number, number, number];
  params: number;
  outputElements: number;
  derivation: string[];
}

export interface ConvNetResult {
  input: ConvNetInput;
  layers: ConvNetLayerResult[];
  /** Null with `error` when a layer does not fit its input. */
  error?: string;
}

export function describeConvNetwork(input: ConvNetInput, spec: readonly ConvNetLayer[]): ConvNetResult {
  let [h, w, c] = [input.height, input.width, input.channels];
  const layers: ConvNetLayerResult[] = [];
  let convs = 0;
  let pools = 0;
  for (const layer of spec) {
    const derivation: string[] = [];
    let params = 0;
    let name: string;
    let className: string;
    let outC: number;
    let outH: number | null;
    let outW: number | null;
    if (layer.kind === 'conv') {
      name = `conv${++convs}`;
      className = 'Conv2D';
      const s = layer.stride ?? 1;
      [outH, outW] = [['H', h], ['W', w]].map(([axis, n]) => {
        const size = n as number;
        if (layer.padding === 'same') {
          const same = samePadding(size, layer.kernel, s);
          derivation.push(...same.derivation.map((l) => `${axis}: ${l}`));
          return same.out;
        }
        const r = outputSize({ n: size, f: layer.kernel, s, padding: layer.padding === 'valid' ? 0 : layer.padding });
        derivation.push(...r.derivation.map((l) => `${axis}: ${l}`));
        return r.out;
      });
      const p = convParams({ kernel: [layer.kernel, layer.kernel], inChannels: c, filters: layer.filters, bias: layer.bias ?? true });
      derivation.push(...p.derivation);
      params = p.total;
      outC = layer.filters;
    } else {
      name = `${layer.kind}${++pools}`;
      className = layer.kind === 'maxpool' ? 'MaxPooling2D' : 'AveragePooling2D';
      const s = layer.stride ?? layer.size;
      [outH, outW] = [['H', h], ['W', w]].map(([axis, n]) => {
        const r = outputSize({ n: n as number, f: layer.size, s });
        derivation.push(...r.derivation.map((l) => `${axis}: ${l}`));
        return r.out;
      });
      outC = c;
    }
    if (outH === null || outW === null) {
      return { input, layers, error: `${name} does not fit its ${h}×${w} input` };
    }
    const outputElements = outH * outW * outC;
    derivation.push(`output ${outC}@${outH}×${outW} = ${outH} × ${outW} × ${outC} = ${outputElements} values per sample`);
    layers.push({ name, className, outputShape: [outH, outW, outC], params, outputElements, derivation });
    [h, w, c] = [outH, outW, outC];
  }
  return { input, layers };
}

/** The network as the memory model's layers: an InputLayer, then a chain; convolutions have no activation. */
export function convNetMemoryLayers(net: ConvNetResult): MemoryLayer[] {
  const { height, width, channels } = net.input;
  const result: MemoryLayer[] = [{
    name: 'input', className: 'InputLayer', params: 0, trainableParams: 0,
    outputElementsPerSample: height * width * channels, inputShapes: [], inboundLayers: [],
  }];
  let previous = { name: 'input', shape: [null, height, width, channels] as (number | null)[] };
  for (const l of net.layers) {
    result.push({
      name: l.name, className: l.className, params: l.params, trainableParams: l.params,
      outputElementsPerSample: l.outputElements, inputShapes: [previous.shape], inboundLayers: [previous.name],
      activation: 'linear',
    });
    previous = { name: l.name, shape: [null, ...l.outputShape] };
  }
  return result;
}

export interface ActivationMemory {
  bytesPerSample: number;
  bytesPerBatch: number;
  derivation: string;
}

/** Memory of one tensor of `elements` values per sample, for a batch. */
export function activationMemory(elements: number, batchSize: number, dtype: DType): ActivationMemory {
  const b = BYTES_PER_ELEMENT[dtype];
  const bytesPerSample = elements * b;
  const bytesPerBatch = bytesPerSample * batchSize;
  return {
    bytesPerSample,
    bytesPerBatch,
    derivation: `${elements} values × ${b} B (${dtype}) = ${bytesPerSample} B per sample; × ${batchSize} = ${bytesPerBatch} B per batch`,
  };
}

export function convNetMemory(net: ConvNetResult, opts: { batchSize: number; dtype: DType; optimizer: OptimizerName }): MemoryDetail {
  // The course's figures are the lower bound an autograd that frees as it goes must keep (labelled so on the card).
  // Its layers carry the Keras catalogue's class names whatever model the dashboard shows (a PyTorch model's memory
  // options say semantics 'pytorch', under which Conv2D is unknown and would keep everything).
  return computeMemoryDetail(convNetMemoryLayers(net), { batchSize: opts.batchSize, dtype: opts.dtype, optimizer: opts.optimizer, framework: 'idealAutograd', semantics: 'keras' });
}
