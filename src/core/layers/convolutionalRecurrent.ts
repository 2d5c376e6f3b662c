// Convolutional recurrent layers: ConvLSTM2D. An LSTM whose matrix products are 2-D convolutions.
// Input (batch, T, H, W, C_in) for channels_last, (batch, T, C_in, H, W) for channels_first.
// Each step the cell convolves the input x_t with the kernel (k_h × k_w × C_in × 4·filters; the layer's strides,
// padding and dilation) and the hidden state h_{t-1} with the recurrent kernel (k_h × k_w × filters × 4·filters;
// always stride 1, "same" padding, so h keeps the output's H_out × W_out), one slice of 4·filters per gate i, f, c, o.
// Weights: 4·(k_h·k_w·C_in·filters + k_h·k_w·filters·filters + filters), the last term only with use_bias
// (unit_forget_bias only initialises the forget slice of the bias to ones; it does not change the count).
// MACs per sample and timestep, over the P = H_out·W_out output positions:
//   input conv      P · 4·filters · k_h·k_w·C_in
//   recurrent conv  P · 4·filters · k_h·k_w·filters
//   gate products   P · 3·filters   (f·c_{t-1}, i·g, o·tanh(c_t); as the LSTM rule counts them)
// times T timesteps. Bias additions and activations are not multiply-accumulates and are not counted.
import type { Shape } from '../ir';
import type { InferContext, InferResult, LayerFamily } from './types';
import { unknownResult } from './types';
import { RECURRENT_BACKWARD } from './recurrent';
import { convAxis, windowErrors } from './convMath';
import { AXIS_NAMES, spatialShape } from './spatial';
import { add, plainCount, formatProduct, shapeTuple, mul, product } from './shape';

const GATES = 4;
const GATE_PRODUCTS = 3;

function inferConvLstm2d(ctx: InferContext): InferResult {
  const c = ctx.config;
  const returnSequences = c.bool('return_sequences', false);
  const returnState = c.bool('return_state', false);
  const outputCount = returnState ? 3 : 1;
  const format = c.dataFormat();
  const kernel = c.intTuple('kernel_size', 2);
  const strides = c.intTuple('strides', 2, 1);
  const dilation = c.intTuple('dilation_rate', 2, 1);
  const padding = c.choice('padding', ['valid', 'same'] as const, 'valid');
  const filters = c.int('filters', undefined, 1);
  const useBias = c.bool('use_bias', true);
  if (!format || !kernel || !strides || !dilation || !padding || filters === undefined) return unknownResult(outputCount);
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    ctx.report('warning', 'strides > 1 together with dilation_rate > 1 is not supported by TensorFlow', 'strides');
  }
  const input = ctx.inputs[0];
  if (!input) return unknownResult(outputCount);
  if (input.length !== 5) {
    const layout = format === 'channels_last' ? '(batch, timesteps, H, W, channels)' : '(batch, timesteps, channels, H, W)';
    ctx.report('error', `ConvLSTM2D expects a rank-5 input ${layout}, got ${shapeTuple(input)}`);
    return unknownResult(outputCount);
  }
  const [batch, steps] = input;
  const cin = format === 'channels_last' ? input[4] : input[2];
  const spatial = format === 'channels_last' ? input.slice(2, 4) : input.slice(3, 5);

  const axisResults = AXIS_NAMES[2].map((axis, i) => convAxis(axis, spatial[i], kernel[i], strides[i], dilation[i], padding));
  axisResults.forEach((r) => r.lines.forEach((l) => ctx.derive(l)));
  const errors = windowErrors(axisResults);
  errors.forEach((e) => ctx.report('error', e.message, e.key ?? 'kernel_size'));
  const failed = errors.length > 0;
  const outSpatial = axisResults.map((r) => r.out);

  const k = kernel[0] * kernel[1];
  const kText = formatProduct(kernel);
  const inputKernel = mul(k, cin, filters);
  const recurrentKernel = k * filters * filters;
  const trainable = mul(GATES, add(inputKernel, recurrentKernel, useBias ? filters : 0));
  ctx.derive(
    `params = ${GATES}·(${kText}·${plainCount(cin)}·${filters} + ${kText}·${filters}·${filters}${useBias ? ` + ${filters}` : ''}) = ${plainCount(trainable)}` +
      ` (4 gates: kernel + recurrent kernel${useBias ? ' + bias' : ''})`,
  );

  const positions = failed ? null : product(outSpatial);
  const inputMacs = mul(positions, GATES * filters, k, cin);
  const recurrentMacs = mul(positions, GATES * filters, k * filters);
  const gateMacs = mul(positions, GATE_PRODUCTS * filters);
  const perStep = add(inputMacs, recurrentMacs, gateMacs);
  ctx.derive(
    `MACs per step = ${plainCount(positions)}·${GATES}·${filters}·${kText}·${plainCount(cin)} (input conv) + ` +
      `${plainCount(positions)}·${GATES}·${filters}·${kText}·${filters} (recurrent conv) + ${plainCount(positions)}·${GATE_PRODUCTS}·${filters} (gate products) = ${plainCount(perStep)}`,
  );
  const macs = mul(perStep, steps);
  ctx.derive(`MACs = ${plainCount(steps)} steps · ${plainCount(perStep)} per step = ${plainCount(macs)}`);

  if (failed) return { outputs: Array.from({ length: outputCount }, () => null), trainable, nonTrainable: 0, macs: null };
  const frame = spatialShape(batch, outSpatial, filters, format);
  const output: Shape = returnSequences ? [frame[0], steps, ...frame.slice(1)] : frame;
  // return_state adds the last hidden state h and the cell state c, each one output frame.
  const states: Shape[] = returnState ? [frame, frame.slice()] : [];
  return { outputs: [output, ...states], trainable, nonTrainable: 0, macs };
}

export const convolutionalRecurrentRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    ConvLSTM2D: { description: 'convolutional LSTM over a sequence of images', drawing: 'other', backward: RECURRENT_BACKWARD, infer: inferConvLstm2d },
  },
};
