// Parameters of a convolution: one weight per kernel element per input channel per filter, plus one bias per filter.
// The counts are the layer rules' own (layers/convMath), so the calculator cannot disagree with the Layers table.
import { convParameterCounts } from '../layers/convMath';

export interface ConvParamsSpec {
  /** Kernel size per spatial axis, e.g. [5, 5]. */
  kernel: readonly number[];
  inChannels: number;
  filters: number;
  bias: boolean;
}

export interface ConvParams {
  weights: number;
  biases: number;
  total: number;
  derivation: string[];
}

export function convParams(spec: ConvParamsSpec): ConvParams {
  const { weights, biases, total } = convParameterCounts(spec.kernel, spec.inChannels, spec.filters, 1, spec.bias);
  const kernelText = spec.kernel.join(' × ');
  const derivation = [`weights = ${kernelText} × ${spec.inChannels} (in channels) × ${spec.filters} (filters) = ${weights}`];
  if (spec.bias) derivation.push(`biases = ${spec.filters} (one per filter); total = ${weights} + ${biases} = ${total}`);
  return { weights, biases, total, derivation };
}
