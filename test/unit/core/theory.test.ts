// The notebook's worked examples, derived again (its own memory arithmetic multiplies by input channels + 1 and is
// wrong; the figures here are derived in the comments), with TF.js as the oracle for shapes and parameter counts.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { outputSize, samePadding } from '../../../src/core/theory/outputSize';
import { convParams } from '../../../src/core/theory/parameters';
import { activationMemory, convNetMemory, describeConvNetwork, type ConvNetLayer } from '../../../src/core/theory/convNetwork';

describe('theory: output size and padding', () => {
  it('32×32 with a 5×5 filter and no padding gives 28', () => {
    const r = outputSize({ n: 32, f: 5 });
    assert.equal(r.out, 28);
    assert.deepEqual(r.derivation, ['O = floor((N + P_before + P_after - F) / S) + 1 = floor((32 + 0 + 0 - 5) / 1) + 1 = 28']);
  });

  it('padding 2 per side keeps 32 (the notebook pads to 36 = 32 + (5 - 1))', () => {
    assert.equal(outputSize({ n: 32, f: 5, padding: 2 }).out, 32);
    const same = samePadding(32, 5);
    assert.deepEqual([same.before, same.after, same.total, same.out], [2, 2, 4, 32]);
  });

  it('TF "same" pads asymmetrically when it must, the extra pixel after', () => {
    // N = 75, F = 3, S = 2: O = ceil(75/2) = 38; P_total = max(37·2 + 3 - 75, 0) = 2 -> 1 and 1.
    assert.deepEqual(pick(samePadding(75, 3, 2)), [1, 1, 38]);
    // N = 200, F = 3, S = 2: O = 100; P_total = max(99·2 + 3 - 200, 0) = 1 -> 0 before, 1 after.
    assert.deepEqual(pick(samePadding(200, 3, 2)), [0, 1, 100]);
    // N = 28, F = 4, S = 1: P_total = 3 -> 1 before, 2 after.
    assert.deepEqual(pick(samePadding(28, 4)), [1, 2, 28]);
    // With those paddings the plain formula agrees: floor((200 + 0 + 1 - 3) / 2) + 1 = 100.
    assert.equal(outputSize({ n: 200, f: 3, s: 2, padding: [0, 1] }).out, 100);
    // Dilation: F_eff = (3 - 1)·2 + 1 = 5; floor((10 - 5) / 1) + 1 = 6.
    assert.equal(outputSize({ n: 10, f: 3, d: 2 }).out, 6);
  });

  it('a filter larger than the padded input is an error, not a number', () => {
    const r = outputSize({ n: 3, f: 5 });
    assert.equal(r.out, null);
    assert.match(r.error ?? '', /larger than the padded input/);
    assert.equal(outputSize({ n: 3, f: 0 }).out, null);
  });
});

function pick(p: { before: number; after: number; out: number }) {
  return [p.before, p.after, p.out];
}

describe('theory: parameters', () => {
  it('three 5×5 filters on a grayscale image: 75 weights, 78 with biases', () => {
    assert.equal(convParams({ kernel: [5, 5], inChannels: 1, filters: 3, bias: false }).total, 75);
    const withBias = convParams({ kernel: [5, 5], inChannels: 1, filters: 3, bias: true });
    assert.deepEqual([withBias.weights, withBias.biases, withBias.total], [75, 3, 78]);
  });
});

// The notebook's network: RGB 200×300 input, three 3×3 convolutions, stride 2, "same", 100/200/400 filters.
const notebookNet: ConvNetLayer[] = [
  { kind: 'conv', filters: 100, kernel: 3, stride: 2, padding: 'same' },
  { kind: 'conv', filters: 200, kernel: 3, stride: 2, padding: 'same' },
  { kind: 'conv', filters: 400, kernel: 3, stride: 2, padding: 'same' },
];
const rgb = { height: 200, width: 300, channels: 3 };

describe('theory: the notebook\'s RGB 200×300 network', () => {
  const net = describeConvNetwork(rgb, notebookNet);

  it('has 902,700 weights (903,400 with biases)', () => {
    // 3·3·3·100 = 2,700; 3·3·100·200 = 180,000; 3·3·200·400 = 720,000 -> 902,700; biases 100 + 200 + 400 = 700.
    const weights = notebookNet.map((l, i) => l.kind === 'conv'
      ? convParams({ kernel: [3, 3], inChannels: [3, 100, 200][i], filters: l.filters, bias: false }).total : 0);
    assert.deepEqual(weights, [2700, 180000, 720000]);
    assert.equal(weights.reduce((a, b) => a + b), 902700);
    assert.equal(net.layers.reduce((a, l) => a + l.params, 0), 903400);
  });

  it('has activations 100@100×150, 200@50×75, 400@25×38 (TF "same": ceil(75/2) = 38, not 37)', () => {
    assert.deepEqual(net.layers.map((l) => l.outputShape), [[100, 150, 100], [50, 75, 200], [25, 38, 400]]);
  });

  it('agrees with TF.js on every shape and parameter count', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [200, 300, 3], filters: 100, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.conv2d({ filters: 200, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.conv2d({ filters: 400, kernelSize: 3, strides: 2, padding: 'same' }),
      ],
    });
    assert.deepEqual(model.layers.map((l) => (l.outputShape as number[]).slice(1)), net.layers.map((l) => l.outputShape));
    assert.deepEqual(model.layers.map((l) => l.countParams()), net.layers.map((l) => l.params));
    model.dispose();
  });

  it('memory per layer and per batch of 50 (not the notebook\'s 31 GB)', () => {
    // Values per sample: input 200·300·3 = 180,000; conv1 1,500,000; conv2 750,000; conv3 380,000 -> 2,810,000.
    // × 4 B = 11,240,000 B per sample; × 50 = 562,000,000 B ≈ 0.56 GB of activations for the batch.
    const conv1 = activationMemory(net.layers[0].outputElements, 50, 'float32');
    assert.deepEqual([conv1.bytesPerSample, conv1.bytesPerBatch], [6_000_000, 300_000_000]);
    const m = convNetMemory(net, { batchSize: 50, dtype: 'float32', optimizer: 'sgd' });
    assert.equal(m.activationBytes, 562_000_000);
    assert.equal(m.parameterBytes, 3_613_600);
    // Inference: input kept; conv2 runs while conv1 is live: (180,000 + 1,500,000 + 750,000)·200 B = 486,000,000;
    // + weights 3,613,600 = 489,613,600.
    assert.equal(m.inferencePeakBytes, 489_613_600);
    // Training (SGD, linear convs keep their inputs): forward keeps everything, 562,000,000 B. Backward:
    // conv3: + dL/d(conv3) 76,000,000 + dW3 2,881,600 + d(conv2) 150,000,000 = 790,881,600; conv2 is then freed.
    // conv2: live 412,000,000 + d(conv2) 150,000,000 + dW3 2,881,600 + dW2 720,800 + d(conv1) 300,000,000
    //   = 865,602,400 (peak). conv1: 112,000,000 + 300,000,000 + 3,602,400 + 11,200 = 415,613,600.
    // Training peak = weights 3,613,600 + SGD's scalar 4 + 865,602,400 = 869,216,004 (≈ 0.87 GB).
    assert.equal(m.trainingPeakBytes, 869_216_004);
    // torchinfo's method for the same: input 36,000,000 + 2 × 526,000,000 + weights 3,613,600.
    assert.equal(m.torchinfoEstimateBytes, 1_091_613_600);
  });

  it('why pooling: 2×2 max pooling after each convolution, derived', () => {
    const pooled = describeConvNetwork(rgb, notebookNet.flatMap((l) => [l, { kind: 'maxpool', size: 2 } as ConvNetLayer]));
    // conv1 100@100×150; pool1 100@50×75; conv2 200@25×38 (ceil(50/2), ceil(75/2)); pool2 200@12×19
    // (floor((25 - 2)/2) + 1 = 12, floor((38 - 2)/2) + 1 = 19); conv3 400@6×10; pool3 400@3×5.
    assert.deepEqual(pooled.layers.map((l) => l.outputShape),
      [[100, 150, 100], [50, 75, 100], [25, 38, 200], [12, 19, 200], [6, 10, 400], [3, 5, 400]]);
    // Pooling has no weights: the parameter count stays 903,400.
    assert.equal(pooled.layers.reduce((a, l) => a + l.params, 0), 903400);
    const m = convNetMemory(pooled, { batchSize: 50, dtype: 'float32', optimizer: 'sgd' });
    // Values: 180,000 + 1,500,000 + 375,000 + 190,000 + 45,600 + 24,000 + 6,000 = 2,320,600 -> × 200 B = 464,120,000.
    assert.equal(m.activationBytes, 464_120_000);
    // Inference peak at pool1: (180,000 + 1,500,000 + 375,000)·200 = 411,000,000 + weights = 414,613,600.
    assert.equal(m.inferencePeakBytes, 414_613_600);
    // Training: max pooling keeps its input and output, so the forward keeps all 464,120,000 B. The peak is pool1's
    // backward: live 2,061,000 values (all but conv2, pool2, conv3, already freed) + d(pool1) 375,000
    // + d(conv1) 1,500,000 = 3,936,000 values = 787,200,000 B + weight gradients dW3 + dW2 3,602,400 = 790,802,400.
    // + weights 3,613,600 + 4 = 794,416,004.
    assert.equal(m.trainingPeakBytes, 794_416_004);
    // So pooling cuts the layers after it by 4× each (conv2 750,000 -> 190,000 values, conv3 380,000 -> 24,000), but
    // not the first convolution, which dominates here: the peaks fall by 15% (inference) and 9% (training).
    const plain = convNetMemory(describeConvNetwork(rgb, notebookNet), { batchSize: 50, dtype: 'float32', optimizer: 'sgd' });
    assert.ok(m.inferencePeakBytes < plain.inferencePeakBytes && m.trainingPeakBytes < plain.trainingPeakBytes);
  });

  it('the same figures whatever model the dashboard shows: a PyTorch model\'s memory options (semantics, framework) do not leak in', () => {
    const net = describeConvNetwork({ height: 200, width: 300, channels: 3 }, [3, 3, 3].map((_, i) => ({ kind: 'conv' as const, filters: [100, 200, 400][i], kernel: 3, stride: 2, padding: 'same' as const })));
    const plain = convNetMemory(net, { batchSize: 50, dtype: 'float32', optimizer: 'adam' });
    // The memory view passes its whole MemoryOptions (a PyTorch model's: semantics 'pytorch', framework 'pytorch').
    const fromPyTorchView = convNetMemory(net, { batchSize: 50, dtype: 'float32', optimizer: 'adam', semantics: 'pytorch', framework: 'pytorch', device: 'cpu' } as Parameters<typeof convNetMemory>[1]);
    assert.deepStrictEqual([fromPyTorchView.inferencePeakBytes, fromPyTorchView.trainingPeakBytes], [plain.inferencePeakBytes, plain.trainingPeakBytes]);
  });
});
