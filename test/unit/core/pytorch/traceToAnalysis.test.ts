// traceToAnalysis: a TorchTrace (either engine's) → the Analysis the faces read. Traces are built by hand here; every
// expected figure is derived in the comments next to it.
import assert from 'node:assert/strict';
import { traceToAnalysis } from '../../../../src/core/formats/pytorch';
import { torchElementsPerSample, torchMemoryLayers } from '../../../../src/core/formats/pytorch/traceToAnalysis';
import { computeMemory } from '../../../../src/core/memory/memoryModel';
import type { TorchTrace, TracedCall, TracedLayer } from '../../../../src/core/formats/pytorch';
import type { Shape } from '../../../../src/core/ir';

function call(order: number, inputShapes: Shape[], outputShapes: Shape[], inboundLayers: string[], macs: number | null = 0, derivation: string[] = []): TracedCall {
  return { order, inputShapes, outputShapes, inboundLayers, macs, derivation };
}

function module(name: string, className: string, calls: TracedCall[], parameters: [string, number[]][] = [], buffers: [string, number[], string][] = []): TracedLayer {
  return {
    name, kind: 'module', className, args: {},
    parameters: parameters.map(([n, shape]) => ({ name: n, shape })),
    buffers: buffers.map(([n, shape, dtype]) => ({ name: n, shape, dtype })),
    calls,
  };
}

function trace(layers: TracedLayer[], inputShape: number[] | null, diagnostics: TorchTrace['diagnostics'] = []): TorchTrace {
  return {
    engine: 'pytorch', torchVersion: '1.13.1',
    entry: { name: 'Net', kind: 'class', className: 'Net' },
    input: { shape: inputShape, dtype: 'float32', source: 'comment' },
    layers, outputShapes: null, diagnostics,
  };
}

// The CIFAR tutorial's Net, trimmed: one pool module called twice, a BatchNorm with buffers, a Linear never called.
// Listed in named_modules() order, which is not the execution order (bn is registered first, runs after conv1).
const cifar = trace([
  module('bn', 'BatchNorm2d', [call(1, [[null, 6, 28, 28]], [[null, 6, 28, 28]], ['conv1'], 4704)],
    [['weight', [6]], ['bias', [6]]], [['running_mean', [6], 'float32'], ['running_var', [6], 'float32'], ['num_batches_tracked', [], 'int64']]),
  module('conv1', 'Conv2d', [call(0, [[null, 3, 32, 32]], [[null, 6, 28, 28]], ['input'], 352800, ['H_out = 28'])],
    [['weight', [6, 3, 5, 5]], ['bias', [6]]]),
  module('pool', 'MaxPool2d', [
    call(2, [[null, 6, 28, 28]], [[null, 6, 14, 14]], ['bn'], 0, ['H_out = 14']),
    call(4, [[null, 16, 10, 10]], [[null, 16, 5, 5]], ['conv2'], 0, ['H_out = 5']),
  ]),
  module('conv2', 'Conv2d', [call(3, [[null, 6, 14, 14]], [[null, 16, 10, 10]], ['pool'], 240000)], [['weight', [16, 6, 5, 5]], ['bias', [16]]]),
  module('fc1', 'Linear', [call(5, [[null, 400]], [[null, 120]], ['pool'], 48000)], [['weight', [120, 400]], ['bias', [120]]]),
  module('loss_fn', 'CrossEntropyLoss', []),
  module('unused', 'Linear', [], [['weight', [5, 120]], ['bias', [5]]]),
], [3, 32, 32], [
  { severity: 'warning', message: 'a warning', span: { from: 120, to: 127 }, layer: 'fc1' },
]);

describe('traceToAnalysis', () => {
  it('lists the input, then layers in execution order, then the modules forward never calls', () => {
    const a = traceToAnalysis(cifar);
    assert.deepEqual(a.layers.map((l) => l.name), ['input', 'conv1', 'bn', 'pool', 'conv2', 'fc1', 'loss_fn', 'unused']);
    const input = a.layers[0];
    assert.equal(input.className, 'InputLayer');
    assert.equal(input.synthetic, true);
    assert.equal(input.drawing, 'input');
    assert.deepEqual(input.outputShapes, [[null, 3, 32, 32]]);
    assert.deepEqual(a.model, { name: 'Net', format: 'pytorch', className: 'Net' });
  });

  it('counts parameters, not buffers, as params; buffers apart', () => {
    const a = traceToAnalysis(cifar);
    const byName = new Map(a.layers.map((l) => [l.name, l]));
    // conv1: 6·3·5·5 + 6 = 456; bn: 6 + 6 = 12, buffers 6 + 6 + 1 (a 0-d num_batches_tracked) = 13.
    assert.equal(byName.get('conv1')!.params, 456);
    assert.equal(byName.get('bn')!.params, 12);
    assert.equal(byName.get('bn')!.trainableParams, 12);
    assert.equal(byName.get('bn')!.nonTrainableParams, 0);
    assert.equal(byName.get('bn')!.buffers, 13);
    // unused: 5·120 + 5 = 605, counted although never called (model.parameters() counts it).
    assert.equal(byName.get('unused')!.params, 605);
    assert.deepEqual(byName.get('unused')!.outputShapes, []);
    // 456 + 12 + (16·6·5·5 + 16 = 2416) + (120·400 + 120 = 48120) + 605 = 51609.
    assert.deepEqual(a.totals, { params: 51609, trainableParams: 51609, nonTrainableParams: 0, macs: 352800 + 4704 + 240000 + 48000 });
  });

  it('makes a module called twice one layer with both calls', () => {
    const pool = traceToAnalysis(cifar).layers.find((l) => l.name === 'pool')!;
    assert.deepEqual(pool.inputShapes, [[null, 6, 28, 28]]);
    assert.deepEqual(pool.outputShapes, [[null, 6, 14, 14]]);
    assert.equal(pool.calls?.length, 2);
    assert.deepEqual(pool.calls![1].outputShapes, [[null, 16, 5, 5]]);
    assert.deepEqual(pool.inboundLayers, ['bn', 'conv2']);
    // 6·14·14 + 16·5·5 = 1176 + 400 = 1576 elements; float32: 6304 bytes.
    assert.equal(pool.outputElementsPerSample, 1576);
    assert.equal(pool.outputBytesPerSample, 6304);
    assert.deepEqual(pool.derivation, ['call 1: H_out = 14', 'call 2: H_out = 5']);
  });

  it('converts diagnostics with their offsets', () => {
    const a = traceToAnalysis(cifar);
    assert.deepEqual(a.diagnostics, [{ severity: 'warning', message: 'a warning', layer: 'fc1', path: [], offset: 120, length: 7 }]);
  });

  it('walks memory per call, so a module reused later in forward still has figures', () => {
    // input [N,1,4,4] → relu → conv (1→2, 1x1: 2 + 2 = 4 params) → the same relu again.
    const t = trace([
      module('conv', 'Conv2d', [call(1, [[null, 1, 4, 4]], [[null, 2, 4, 4]], ['relu'], 32)], [['weight', [2, 1, 1, 1]], ['bias', [2]]]),
      module('relu', 'ReLU', [call(0, [[null, 1, 4, 4]], [[null, 1, 4, 4]], ['input']), call(2, [[null, 2, 4, 4]], [[null, 2, 4, 4]], ['conv'])]),
    ], [1, 4, 4]);
    const walk = torchMemoryLayers(t);
    assert.deepEqual(walk.map((l) => [l.name, l.inboundLayers, l.outputElementsPerSample, l.trainableParams]), [
      ['input', [], 16, 0],
      ['relu', ['input'], 16, 0],
      ['conv', ['relu'], 32, 4],
      // The second call consumes conv's output and is its own tensor: 2·4·4 = 32 elements.
      ['relu#2', ['conv'], 32, 0],
    ]);
    const options = { batchSize: 1, dtype: 'float32', optimizer: 'sgd' } as const;
    const a = traceToAnalysis(t, options);
    assert.deepEqual(a.memory, computeMemory(walk, { ...options, semantics: 'pytorch' }));
    // Generic walk of the analysis' layers (relu once, consuming conv after it) cannot place the second call: unknown.
    assert.ok(Number.isNaN(computeMemory(a.layers, { ...options, semantics: 'pytorch' }).inferencePeakBytes));
    assert.ok(Number.isFinite(a.memory.inferencePeakBytes));
    assert.ok(Number.isFinite(a.memory.trainingPeakBytes));
    // Outputs per sample: input 16, relu 16, conv 32, relu#2 32 = 96 elements = 384 bytes.
    assert.equal(a.memory.activationBytes, 384);
  });

  it('gives no gradient or optimizer state to weights forward never uses', () => {
    const t = trace([
      module('fc', 'Linear', [call(0, [[null, 4]], [[null, 2]], ['input'], 8)], [['weight', [2, 4]], ['bias', [2]]]),
      module('unused', 'Linear', [], [['weight', [3, 4]], ['bias', [3]]]),
    ], [4]);
    const m = traceToAnalysis(t, { batchSize: 1, dtype: 'float32', optimizer: 'adam' }).memory;
    // Weights 10 + 15 = 25 parameters: 100 bytes. Gradients and Adam's two slots only for fc's 10.
    assert.equal(m.parameterBytes, 100);
    assert.equal(m.gradientBytes, 40);
  });

  it('counts a frozen parameter (requires_grad=False) as non-trainable: no gradient, no optimizer state', () => {
    const t = trace([
      {
        ...module('fc', 'Linear', [call(0, [[null, 4]], [[null, 2]], ['input'], 8)]),
        parameters: [{ name: 'weight', shape: [2, 4], requiresGrad: false }, { name: 'bias', shape: [2] }],
      },
    ], [4]);
    const a = traceToAnalysis(t, { batchSize: 1, dtype: 'float32', optimizer: 'sgd' });
    const fc = a.layers.find((l) => l.name === 'fc')!;
    // weight 2·4 = 8 frozen, bias 2 trainable.
    assert.deepEqual([fc.params, fc.trainableParams, fc.nonTrainableParams], [10, 2, 8]);
    assert.deepEqual(a.totals, { params: 10, trainableParams: 2, nonTrainableParams: 8, macs: 8 });
    assert.equal(a.memory.parameterBytes, 40);
    assert.equal(a.memory.gradientBytes, 8);
  });

  it('reads a per-sample size wherever the batch axis is', () => {
    assert.equal(torchElementsPerSample([4, null, 64]), 256);
    assert.equal(torchElementsPerSample([null, 6, 28, 28]), 4704);
    assert.equal(torchElementsPerSample([null, 6, null, null]), null);
    assert.equal(torchElementsPerSample(null), null);
  });

  it('leaves the memory unknown, not guessed, when the input shape is unknown', () => {
    const t = trace([module('fc', 'Linear', [], [['weight', [2, 4]], ['bias', [2]]])], null);
    const a = traceToAnalysis(t);
    assert.equal(a.totals.params, 10);
    assert.ok(Number.isNaN(a.memory.inferencePeakBytes));
    assert.equal(a.layers[0].outputElementsPerSample, null);
  });
});
