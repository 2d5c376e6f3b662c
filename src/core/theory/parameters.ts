// Parameters of a convolution: one weight per kernel element per input channel per filter, plus one bias per filter.

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
  const kernelElements = spec.kernel.reduce((a, k) => a * k, 1);
  const weights = kernelElements * spec.inChannels * spec.filters;
  const biases = spec.bias ? spec.filters : 0;
  const kernelText = spec.kernel.join(' × ');
  const derivation = [`weights = ${kernelText} × ${spec.inChannels} (in channels) × ${spec.filters} (filters) = ${weights}`];
  if (spec.bias) derivation.push(`biases = ${spec.filters} (one per filter); total = ${weights} + ${biases} = ${weights + biases}`);
  return { weights, biases, total: weights + biases, derivation };
}
