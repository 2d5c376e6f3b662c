// Hand-derived cases for the memory model: every expected number is derived in the comments next to it.
import { strict as assert } from 'node:assert';
import { computeMemory, computeMemoryDetail, type MemoryLayer } from '../../../src/core/memory/memoryModel';
import { OPTIMIZER_STATE } from '../../../src/core/memory/optimizerState';
import { backwardNeeds } from '../../../src/core/memory/backwardRetention';
import { activationNeed } from '../../../src/core/layers/backward';
import { analyzeModelText } from '../../../src/core/analyzeModel';

const input = (name: string, elements: number): MemoryLayer =>
  ({ name, className: 'InputLayer', params: 0, trainableParams: 0, outputElementsPerSample: elements, inputShapes: [], inboundLayers: [] });
const layer = (name: string, className: string, inbound: string[], inElements: number[], outElements: number, params = 0, activation?: string): MemoryLayer =>
  ({ name, className, params, trainableParams: params, outputElementsPerSample: outElements,
    inputShapes: inElements.map((e) => [null, e]), inboundLayers: inbound, activation });

describe('memory model (hand-derived)', () => {
  // Input(4) -> Dense(3, linear, bias) -> Activation(sigmoid) -> Dense(2, linear, bias); batch 2, float32.
  // Params: 4·3+3 = 15 and 3·2+2 = 8 -> 23 -> 92 bytes. Outputs for the batch (×2 samples ×4 bytes):
  // input 32, d1 24, act 24, d2 16 -> activations 96.
  const chain: MemoryLayer[] = [
    input('x', 4),
    layer('d1', 'Dense', ['x'], [4], 3, 15, 'linear'),
    layer('act', 'Activation', ['d1'], [3], 3, 0, 'sigmoid'),
    layer('d2', 'Dense', ['act'], [3], 2, 8, 'linear'),
  ];

  it('parameters, gradients, Adam state and activations of a dense chain', () => {
    const m = computeMemory(chain, { batchSize: 2, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
    assert.equal(m.parameterBytes, 92);
    assert.equal(m.gradientBytes, 92);
    // Adam: 2 slots per trainable weight (2·23·4 = 184) + 2 float32 scalars accBeta1/accBeta2 (8) = 192.
    assert.equal(m.optimizerStateBytes, 192);
    assert.equal(m.activationBytes, 96);
  });

  it('inference peak from liveness: input kept, d1 freed after act', () => {
    // x live (32); d1 runs: 32+24 = 56; act runs: 56+24 = 80 (peak), then d1 is freed -> 56; d2: 56+16 = 72.
    // Peak 80 + weights 92 = 172.
    const d = computeMemoryDetail(chain, { batchSize: 2, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
    assert.equal(d.inferencePeakBytes, 172);
    assert.equal(d.inferencePeakLayer, 'act');
  });

  it('training peak: forward keeps what backward needs, backward holds gradients in flight', () => {
    // Kept for backward: d1 keeps its input x (held anyway), act keeps its output (24), d2 keeps its input = act's output.
    // Forward: x 32, +d1 24 = 56, +act 24 = 80, d1 freed (nobody needs it) -> 56, +d2 16 = 72.
    // Backward starts with dL/d(d2) = 16 -> 88.
    // d2 backward: allocates dW2 (8·4 = 32) and d(act) (24): 72+16+32+24 = 144; then dL/d(d2) freed.
    // act backward: allocates d(d1) (24): live 72, grads in flight d(act) 24, dW2 32 -> 72+24+32+24 = 152; then
    //   d(act) freed and act's output (needed by act and d2, both done) freed: live 48, in flight d(d1) 24.
    // d1 backward: allocates dW1 (15·4 = 60), no gradient for x (no weights upstream): 48+24+32+60 = 164 (peak).
    // Optimizer step: 48 + 92 = 140. Training peak = weights 92 + Adam state 192 + 164 = 448.
    const d = computeMemoryDetail(chain, { batchSize: 2, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
    assert.equal(d.retainedForBackwardBytes, 24);
    assert.equal(d.trainingPeakBytes, 448);
    assert.equal(d.trainingPeakPhase, 'backward (d1)');
  });

  it('float16 halves every tensor but not the optimizer scalars', () => {
    const m = computeMemory(chain, { batchSize: 2, dtype: 'float16', optimizer: 'adam', framework: 'idealAutograd' });
    assert.equal(m.parameterBytes, 46);
    assert.equal(m.optimizerStateBytes, 2 * 23 * 2 + 8);
    assert.equal(m.activationBytes, 48);
    assert.equal(m.inferencePeakBytes, 46 + 40);
    // Training: every tensor term halves (164 -> 82); + weights 46 + state 100.
    assert.equal(m.trainingPeakBytes, 82 + 46 + 100);
  });

  it('optimizer state per optimizer (slots per weight, scalars)', () => {
    const cases: [keyof typeof OPTIMIZER_STATE, number][] = [
      ['sgd', 0 * 92 + 4], ['momentum', 92 + 8], ['rmsprop', 2 * 92], ['adam', 2 * 92 + 8],
      ['adamax', 2 * 92 + 8], ['adagrad', 92], ['adadelta', 2 * 92],
    ];
    for (const [optimizer, bytes] of cases) {
      assert.equal(computeMemory(chain, { batchSize: 2, dtype: 'float32', optimizer }).optimizerStateBytes, bytes, optimizer);
    }
  });

  it('a branch keeps its first output alive until the merge', () => {
    // x(10) -> a: Dense(10, linear) and b: Dense(10, linear) -> add(a, b). Batch 1, float32: each tensor 40 bytes.
    // x 40; a: 80; b: 120 (x freed now: b is its last consumer, but x is a model input, kept); add: 160 (peak), then a
    // and b freed. Weights: 2·(10·10+10) = 220 -> 880 bytes. Inference peak = 880 + 160 = 1040.
    const branch: MemoryLayer[] = [
      input('x', 10),
      layer('a', 'Dense', ['x'], [10], 10, 110, 'linear'),
      layer('b', 'Dense', ['x'], [10], 10, 110, 'linear'),
      layer('add', 'Add', ['a', 'b'], [10, 10], 10),
    ];
    const d = computeMemoryDetail(branch, { batchSize: 1, dtype: 'float32', optimizer: 'sgd', framework: 'idealAutograd' });
    assert.equal(d.inferencePeakBytes, 1040);
    assert.equal(d.inferencePeakLayer, 'add');
    // Training: nothing but x is kept (Add and linear Dense need only x). Forward peak 160 as above.
    // Backward: dL/d(add) 40 -> live x 40 + add 40 + 40 = 120. add backward: d(a) and d(b) 80 -> 200.
    // b backward: dWb 440, no gradient for x: live 80, in flight d(add)… freed already: d(a), d(b) 80 -> 80+80+440 = 600;
    // then d(b) freed. a backward: 80 + 40 (d(a)) + 440 (dWb) + 440 (dWa) = 1000 (peak). Step: 80 + 880 = 960.
    // Training peak = weights 880 + SGD's scalar 4 + 1000 = 1884.
    assert.equal(d.trainingPeakBytes, 1884);
  });

  it('an unknown output size makes the activation figures unknown, not a wrong number', () => {
    const broken = [input('x', 4), { ...layer('u', 'Mystery', ['x'], [4], 1), outputElementsPerSample: null }];
    const m = computeMemory(broken, { batchSize: 2, dtype: 'float32', optimizer: 'sgd', framework: 'idealAutograd' });
    assert.equal(m.parameterBytes, 0);
    assert.ok(Number.isNaN(m.activationBytes));
    assert.ok(Number.isNaN(m.inferencePeakBytes));
    assert.ok(Number.isNaN(m.trainingPeakBytes));
  });

  it('an unknown parameter count makes the parameter figures unknown', () => {
    const m = computeMemory([input('x', 4), { ...layer('d', 'Dense', ['x'], [4], 2), params: null, trainableParams: null }],
      { batchSize: 1, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
    assert.ok(Number.isNaN(m.parameterBytes));
    assert.ok(Number.isNaN(m.trainingPeakBytes));
  });
});

describe('memory model: what a fused or standalone activation keeps for backward (hand-derived)', () => {
  const opts = { batchSize: 1, dtype: 'float32', optimizer: 'sgd', framework: 'idealAutograd' } as const;

  it('reads activation names as TF.js and Keras write them', () => {
    // Derivatives (see layers/backward.ts): linear 1; sigmoid y(1-y); tanh 1-y²; relu [y>0]; elu y+α below 0;
    // swish σ(x)(1 + x(1-σ(x))) is not a function of y (swish is not one-to-one), likewise GELU and mish.
    assert.equal(activationNeed('linear'), 'nothing');
    assert.equal(activationNeed(null), 'nothing');
    for (const name of ['sigmoid', 'tanh', 'softmax', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'hard_sigmoid', 'hardSigmoid', 'log_softmax', 'logSoftmax']) {
      assert.equal(activationNeed(name), 'output', name);
    }
    for (const name of ['swish', 'silu', 'gelu', 'gelu_new', 'mish']) assert.equal(activationNeed(name), 'input', name);
    assert.equal(activationNeed('my_custom_activation'), 'unknown');
    // Absent: TF.js reads a missing or null activation as linear (tfjs-layers getActivation), and so does Keras.
    assert.equal(activationNeed(undefined), 'nothing');
    assert.deepEqual(backwardNeeds('Conv2D', 'linear'), { inputs: true, output: false, extraInputSized: 0 });
    assert.deepEqual(backwardNeeds('Conv2D', 'tanh'), { inputs: true, output: true, extraInputSized: 0 });
    assert.deepEqual(backwardNeeds('Dense', 'gelu'), { inputs: true, output: false, extraInputSized: 0, extraOutputSized: 1 });
    // Unknown errs high: input, output and the pre-activation.
    assert.deepEqual(backwardNeeds('Dense', 'my_custom_activation'), { inputs: true, output: true, extraInputSized: 0, extraOutputSized: 1 });
    assert.deepEqual(backwardNeeds('Activation', 'linear'), { inputs: false, output: false, extraInputSized: 0 });
    assert.deepEqual(backwardNeeds('Activation', 'swish'), { inputs: true, output: false, extraInputSized: 0 });
    // A Keras 2 alias is the same layer.
    assert.deepEqual(backwardNeeds('Convolution2D', 'relu'), backwardNeeds('Conv2D', 'relu'));
  });

  // x(4) -> d1: Dense(3, <activation>), 15 params -> r: Reshape(3) -> d2: Dense(2, linear), 8 params. Batch 1, float32:
  // x 16 B, d1 12 B, r 12 B, d2 8 B; weights 23·4 = 92 B, SGD keeps one float32 scalar (4 B). d2 keeps its input r
  // for dW2; d1 keeps x (a model input, held anyway); the Reshape keeps nothing. What d1's activation adds:
  const chain = (activation: string): MemoryLayer[] => [
    input('x', 4),
    layer('d1', 'Dense', ['x'], [4], 3, 15, activation),
    layer('r', 'Reshape', ['d1'], [3], 3),
    layer('d2', 'Dense', ['r'], [3], 2, 8, 'linear'),
  ];

  it('linear: the output of d1 is freed in the forward pass', () => {
    // Kept: r (12). Forward: x 16, d1 28, r 40 (d1 freed: 28), d2 36. Backward starts with dL/d(d2) 8: 44.
    // d2: dW2 32 + d(r) 12 -> 36 + 8 + 44 = 88; r freed (live 24), in flight d(r) 12.
    // r: d(d1) 12 -> 24 + 12 + 32 + 12 = 80. d1: dW1 60, no gradient for x -> 24 + 12 + 32 + 60 = 128 (peak).
    // Step: 24 + 92 = 116. Training peak = 92 + 4 + 128 = 224.
    const d = computeMemoryDetail(chain('linear'), opts);
    assert.equal(d.retainedForBackwardBytes, 12);
    assert.equal(d.trainingPeakBytes, 224);
    assert.equal(d.trainingPeakPhase, 'backward (d1)');
  });

  for (const activation of ['sigmoid', 'tanh', 'softmax', 'relu']) {
    it(`${activation}: d1 keeps its output until its own backward`, () => {
      // Kept: d1 (12, for f'(y)) and r (12) = 24. Forward: x 16, d1 28, r 40, d2 48 (peak 48; d1 not freed).
      // Backward: start 56; d2: 48 + 8 + 32 + 12 = 100, r freed (36); r: 36 + 12 + 32 + 12 = 92;
      // d1: 36 + 12 + 32 + 60 = 140 (peak), then d1 freed. Training peak = 92 + 4 + 140 = 236 (linear + d1's 12 B).
      const d = computeMemoryDetail(chain(activation), opts);
      assert.equal(d.retainedForBackwardBytes, 24);
      assert.equal(d.trainingPeakBytes, 236);
    });
  }

  it('swish: d1 keeps its pre-activation z (an extra 12 B tensor), not its output', () => {
    // Forward: x 16, d1 + z 16 + 12 + 12 = 40, r 52 (peak; then d1's output is freed: 40), d2 48. Kept: r 12 + z 12 = 24.
    // Backward: start 56; d2: 48 + 8 + 32 + 12 = 100, r freed (36); r: 36 + 12 + 32 + 12 = 92;
    // d1: 36 + 12 + 32 + 60 = 140 (peak), then z freed. Training peak = 92 + 4 + 140 = 236.
    const d = computeMemoryDetail(chain('swish'), opts);
    assert.equal(d.retainedForBackwardBytes, 24);
    assert.equal(d.trainingPeakBytes, 236);
    assert.equal(d.trainingPeakPhase, 'backward (d1)');
  });

  it('when the next layer keeps the output anyway, an output-based activation costs nothing and swish costs z', () => {
    // x(4) -> d1: Dense(3, <activation>) -> d2: Dense(2, linear). d2 keeps d1's output (12) for dW2 in every case.
    // linear and sigmoid keep just that (12, shared); swish adds z (12): 24.
    const direct = (activation: string) => computeMemoryDetail([
      input('x', 4), layer('d1', 'Dense', ['x'], [4], 3, 15, activation), layer('d2', 'Dense', ['d1'], [3], 2, 8, 'linear'),
    ], opts).retainedForBackwardBytes;
    assert.equal(direct('linear'), 12);
    assert.equal(direct('sigmoid'), 12);
    assert.equal(direct('swish'), 24);
  });

  it('a standalone Activation layer keeps its output, or its input for swish, or nothing when linear', () => {
    // x(4) -> d1: Dense(3, linear) -> act: Activation(<a>) -> d2: Dense(2, linear); d1 out 12 B, act out 12 B.
    // d2 keeps act's output (12) for dW2. sigmoid/relu: act keeps its output too (shared) -> 12.
    // swish: act keeps its input, d1's output -> 12 + 12 = 24. linear: nothing more -> 12.
    const standalone = (activation: string) => computeMemoryDetail([
      input('x', 4), layer('d1', 'Dense', ['x'], [4], 3, 15, 'linear'), layer('act', 'Activation', ['d1'], [3], 3, 0, activation),
      layer('d2', 'Dense', ['act'], [3], 2, 8, 'linear'),
    ], opts).retainedForBackwardBytes;
    assert.equal(standalone('sigmoid'), 12);
    assert.equal(standalone('relu'), 12);
    assert.equal(standalone('swish'), 24);
    assert.equal(standalone('linear'), 12);
  });
});

describe('memory model: what each layer class keeps for backward follows its layer, not a second list (issue #11)', () => {
  const MASK = { inputs: false, output: false, extraInputSized: 1 };
  const NOTHING = { inputs: false, output: false, extraInputSized: 0 };
  const BOTH = { inputs: true, output: true, extraInputSized: 0 };

  it('SpatialDropout3D keeps its mask, like SpatialDropout1D and SpatialDropout2D', () => {
    // All three are dropout with a noise shape (tfjs-layers SpatialDropout1D; Keras SpatialDropout2D/3D): dx = dy·mask.
    for (const className of ['SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D']) assert.deepEqual(backwardNeeds(className), MASK, className);
  });

  it('an alias keeps what its class keeps (AveragePool2D is AveragePooling2D: the gradient of a mean needs nothing)', () => {
    for (const [alias, className] of [['AveragePool1D', 'AveragePooling1D'], ['AveragePool2D', 'AveragePooling2D'], ['AveragePool3D', 'AveragePooling3D'], ['GlobalAvgPool3D', 'GlobalAveragePooling3D']]) {
      assert.deepEqual(backwardNeeds(className), NOTHING, className);
      assert.deepEqual(backwardNeeds(alias), NOTHING, alias);
    }
  });

  it('Cropping3D and UpSampling3D keep nothing, like their 1-D and 2-D forms (one rule per family, all ranks)', () => {
    // Cropping slices (dx = dy padded back with zeros), upsampling repeats (dx = dy summed over each repeat): neither
    // reads a forward tensor.
    for (const className of ['Cropping1D', 'Cropping2D', 'Cropping3D', 'UpSampling1D', 'UpSampling2D', 'UpSampling3D']) {
      assert.deepEqual(backwardNeeds(className), NOTHING, className);
    }
  });

  it('a class the catalogue does not register (LocallyConnected2D: not in TF.js 4.22) is an unknown class to the memory model too', () => {
    // Unknown classes err high: inputs and output, whatever the activation.
    for (const className of ['LocallyConnected1D', 'LocallyConnected2D']) {
      assert.deepEqual(backwardNeeds(className, 'linear'), BOTH, className);
      assert.deepEqual(backwardNeeds(className, 'linear'), backwardNeeds('NoSuchLayer', 'linear'), className);
    }
  });
});

describe('memory model: nested models and intermediate tensors (hand-derived)', () => {
  const opts = { batchSize: 1, dtype: 'float32', optimizer: 'sgd', framework: 'idealAutograd' } as const;
  // x(4) -> enc: a nested model [in: InputLayer(4) -> e1: Dense(3, relu), 15 params -> e2: Dense(2, linear), 8 params]
  // -> out: Dense(1, linear), 3 params. Batch 1, float32: x 16 B, e1 12 B, e2 8 B (= enc's output), out 4 B;
  // weights (15 + 8 + 3)·4 = 104 B; SGD keeps one float32 scalar (4 B).
  const nestedModel = (trainable = true): MemoryLayer[] => [
    input('x', 4),
    {
      ...layer('enc', 'Sequential', ['x'], [4], 2, 23), trainableParams: trainable ? 23 : 0,
      nested: [input('in', 4), layer('e1', 'Dense', ['in'], [4], 3, 15, 'relu'), layer('e2', 'Dense', ['e1'], [3], 2, 8, 'linear')],
    },
    layer('out', 'Dense', ['enc'], [2], 1, 3, 'linear'),
  ];

  it('activations: every inner output once (the nested model\'s output is its last layer\'s; its input is x)', () => {
    // x 16 + e1 12 + e2 8 + out 4 = 40 (the outer layers alone: x 16 + enc 8 + out 4 = 28).
    assert.equal(computeMemoryDetail(nestedModel(), opts).activationBytes, 40);
  });

  it('inference peak: the nested model\'s own peak on top of what is live outside', () => {
    // x 16 (held by the caller); e1: 16 + 12 = 28; e2: 28 + 8 = 36 (peak), then e1 is freed (x is an input: kept) -> 24;
    // out: 24 + 4 = 28, then e2 freed. Peak 36 + weights 104 = 140 (the outer layers alone: 16 + 8 + 4 -> 28 + 104).
    const d = computeMemoryDetail(nestedModel(), opts);
    assert.equal(d.inferencePeakBytes, 140);
    assert.equal(d.inferencePeakLayer, 'enc/e2');
  });

  it('training: inner layers keep what their backward needs, like outer ones', () => {
    // Kept: e1 keeps x (held anyway) and its output (relu: f' from y) 12; e2 keeps its input e1 (shared); out keeps e2
    // (8) -> retained 20. Forward: x 16, e1 28, e2 36, out 40 (nothing freed). Backward starts with dL/d(out) 4: 44.
    // out: dW 12 + d(e2) 8 -> 40 + 4 + 12 + 8 = 64; then e2 freed (live 32), in flight d(e2) 8.
    // e2: dW 32 + d(e1) 12 -> 32 + 8 + 12 + 32 + 12 = 96; in flight d(e1) 12, weight gradients 44.
    // e1: dW 60, no gradient for x -> 32 + 12 + 44 + 60 = 148 (peak); e1 freed. Step: 20 + 104 = 124.
    // Training peak = weights 104 + SGD scalar 4 + 148 = 256.
    const d = computeMemoryDetail(nestedModel(), opts);
    assert.equal(d.retainedForBackwardBytes, 20);
    assert.equal(d.trainingPeakBytes, 256);
    assert.equal(d.trainingPeakPhase, 'backward (enc/e1)');
  });

  it('a frozen nested model (trainable: false on the model) keeps nothing inside for backward', () => {
    // Only out trains: it keeps its input e2 (8). Forward: x 16, e1 28, e2 36 (e1 freed: 24), out 28.
    // Backward: start 32; out: dW 12, no gradient into the frozen model -> 28 + 4 + 12 = 44 (peak).
    // Training peak = 104 + 4 + 44 = 152.
    const d = computeMemoryDetail(nestedModel(false), opts);
    assert.equal(d.retainedForBackwardBytes, 8);
    assert.equal(d.trainingPeakBytes, 152);
  });

  it('nested inside nested: the innermost layers are walked too', () => {
    // enc2 wraps enc (whose layers are as above): same tensors, same figures, names one level deeper.
    const [x, enc, out] = nestedModel();
    const outer: MemoryLayer[] = [
      x,
      { ...layer('enc2', 'Functional', ['x'], [4], 2, 23), nested: [input('in2', 4), { ...enc, inboundLayers: ['in2'] }] },
      { ...out, inboundLayers: ['enc2'] },
    ];
    const d = computeMemoryDetail(outer, opts);
    assert.equal(d.activationBytes, 40);
    assert.equal(d.inferencePeakBytes, 140);
    assert.equal(d.inferencePeakLayer, 'enc2/enc/e2');
    assert.equal(d.trainingPeakBytes, 256);
  });

  it('a nested model called on inputs of different shapes: its inner sizes are known for one call only -> unknown', () => {
    const [x, enc] = nestedModel();
    const y = input('y', 8);
    const shared = { ...enc, inboundLayers: ['x', 'y'], calls: [{ inputShapes: [[null, 4]], inboundLayers: ['x'] }, { inputShapes: [[null, 8]], inboundLayers: ['y'] }] };
    const d = computeMemoryDetail([x, y, shared], opts);
    assert.ok(Number.isNaN(d.inferencePeakBytes));
    assert.deepEqual(d.unknownLayers, ['enc']);
  });

  // sh(sh(x)): a nested model sh = in -> d (Dense 4 -> 4, linear, 20 params) shared by two calls; batch 1, float32, SGD.
  const sharedTwice = (): MemoryLayer[] => [
    input('x', 4),
    {
      ...layer('sh', 'Functional', ['x', 'sh'], [4], 8, 20), nested: [input('in', 4), layer('d', 'Dense', ['in'], [4], 4, 20, 'linear')],
      calls: [{ inputShapes: [[null, 4]], inboundLayers: ['x'] }, { inputShapes: [[null, 4]], inboundLayers: ['sh'] }],
    },
  ];

  it('a shared nested model\'s weight gradient is made by its last call (the first to run backward), counted there', () => {
    // Walked: x, sh#1/d, sh#2/d. Kept: each d keeps its input (x: held anyway; sh#1/d 16). Forward: x 16, 32, 48.
    // Backward starts with d(sh#2/d) 16: 64. sh#2/d: dW 80 + d(sh#1/d) 16 -> 48 + 16 + 80 + 16 = 160; the weight
    // gradient (80) stays, sh#1/d is freed (live 32), in flight d(sh#1/d) 16.
    // sh#1/d: its dW (80) before it is summed into the first, no gradient for x -> 32 + 16 + 80 + 80 = 208 (peak).
    // Training peak = weights 80 + SGD scalar 4 + 208 = 292 (counting the gradient on the first call instead: 244).
    const d = computeMemoryDetail(sharedTwice(), opts);
    assert.equal(d.trainingPeakBytes, 292);
    assert.equal(d.trainingPeakPhase, 'backward (sh#1/d)');
  });

  it('a shared layer whose later call consumes a layer walked after its first call: unknown, not a wrong figure', () => {
    // sh(n(w(sh(x)))): all calls of sh are walked where the first runs, before w and n, which make its second call's
    // input; backward would never reach w and n. Likewise a plain shared layer s(n(w(s(x)))) and s(s(x)).
    const [x, sh] = sharedTwice();
    const between: MemoryLayer[] = [
      x,
      { ...sh, inboundLayers: ['x', 'n'], calls: [{ inputShapes: [[null, 4]], inboundLayers: ['x'] }, { inputShapes: [[null, 4]], inboundLayers: ['n'] }] },
      layer('w', 'Dense', ['sh'], [4], 64, 320, 'linear'),
      layer('n', 'Dense', ['w'], [64], 4, 260, 'linear'),
    ];
    const nested = computeMemoryDetail(between, opts);
    assert.ok(Number.isNaN(nested.trainingPeakBytes) && Number.isNaN(nested.inferencePeakBytes));
    assert.deepEqual(nested.unknownLayers, ['sh']);
    const plain = between.map(({ nested: _n, calls: _c, ...l }) => l);
    assert.deepEqual(computeMemoryDetail(plain, opts).unknownLayers, ['sh']);
    const selfConsuming = [x, layer('s', 'Dense', ['x', 's'], [4], 8, 20, 'linear')];
    assert.deepEqual(computeMemoryDetail(selfConsuming, opts).unknownLayers, ['s']);
    // A nested model consuming its own earlier call is walked call by call, in order: known.
    assert.deepEqual(computeMemoryDetail(sharedTwice(), opts).unknownLayers, []);
  });

  it('a nested model\'s outputs are its output layers, even one consumed inside it; a consumer holds only its output', () => {
    // base = in -> d1 (8) -> d2 (2), outputs [d1, d2]; outer = cat(base[0], w(base[1])), w: 2 -> 8. Batch 1, float32.
    // x 16; d1 32 -> 48; d2 8 -> 56 (d1 stays: an output); w 32 -> 88, then d2 (w's only input) freed -> 80;
    // cat 64 -> 144 (peak), then d1 and w freed. (Outputs taken as the layers nothing inside consumes: d1 freed after d2, d2 held to cat, peak 120.)
    const base = {
      ...layer('base', 'Functional', ['x'], [4], 10, 58),
      nested: [input('in', 4), layer('d1', 'Dense', ['in'], [4], 8, 40, 'linear'), layer('d2', 'Dense', ['d1'], [8], 2, 18, 'linear')],
      nestedOutputs: [{ layer: 'd1', tensor: 0 }, { layer: 'd2', tensor: 0 }],
    };
    const outer: MemoryLayer[] = [
      input('x', 4),
      base,
      { ...layer('w', 'Dense', ['base'], [2], 8, 24, 'linear'), inboundTensors: [{ layer: 'base', tensor: 1 }] },
      { ...layer('cat', 'Concatenate', ['base', 'w'], [8, 8], 16), inboundTensors: [{ layer: 'base', tensor: 0 }] },
    ];
    const d = computeMemoryDetail(outer, opts);
    assert.equal(d.inferencePeakBytes - d.parameterBytes, 144);
    assert.equal(d.inferencePeakLayer, 'cat');
  });

  // x(8) -> s: SeparableConv2D, 10 params, output 4 elements, depthwise result 16 elements -> d: Dense(1), 5 params.
  // Batch 1, float32: x 32 B, s 16 B, its depthwise result 64 B, d 4 B; weights 15·4 = 60 B.
  const separable: MemoryLayer[] = [
    input('x', 8),
    { ...layer('s', 'SeparableConv2D', ['x'], [8], 4, 10, 'linear'), intermediateElementsPerSample: 16 },
    layer('d', 'Dense', ['s'], [4], 1, 5, 'linear'),
  ];

  it('SeparableConv2D: the depthwise result is live while the layer runs', () => {
    // x 32; s: 32 + 64 + 16 = 112 (peak), then the depthwise result is freed -> 48; d: 52. Peak 112 + 60 = 172.
    const d = computeMemoryDetail(separable, opts);
    assert.equal(d.inferencePeakBytes, 172);
    assert.equal(d.inferencePeakLayer, 's');
    assert.equal(d.activationBytes, 32 + 16 + 4, 'an intermediate is not a layer output');
  });

  it('SeparableConv2D: the depthwise result is kept for the pointwise kernel\'s gradient', () => {
    // Kept: s's input x (held anyway), its depthwise result 64, d's input s 16 -> 80.
    // Forward: x 32, s 112, d 116. Backward: start 120; d: dW 20 + d(s) 16 -> 116 + 4 + 20 + 16 = 156, s freed (100);
    // s: dW 40, no gradient for x -> 100 + 16 + 20 + 40 = 176 (peak), then the depthwise result freed.
    // Training peak = 60 + 4 + 176 = 240.
    const d = computeMemoryDetail(separable, opts);
    assert.equal(d.retainedForBackwardBytes, 80);
    assert.equal(d.trainingPeakBytes, 240);
  });

  it('the analysis derives the depthwise result of SeparableConv2D and SeparableConv1D from the config', () => {
    // 2-D: 10×10×3, kernel 3, stride 2, valid -> 4×4 positions; depth multiplier 2 -> 16·3·2 = 96 elements.
    // 1-D: 10×3, kernel 3, valid -> 8 positions -> 8·3·2 = 48 elements. DepthwiseConv2D has none (one kernel).
    const model = (className: string, shape: number[], kernel: number[], strides: number[]) => JSON.stringify({
      class_name: 'Sequential',
      config: { name: 'm', layers: [{ class_name: className, config: { name: 'l', batch_input_shape: [null, ...shape], filters: 4, kernel_size: kernel, strides, padding: 'valid', depth_multiplier: 2 } }] },
    });
    const intermediate = (text: string) => analyzeModelText(text).analysis!.layers.find((l) => l.name === 'l')!.intermediateElementsPerSample;
    assert.equal(intermediate(model('SeparableConv2D', [10, 10, 3], [3, 3], [2, 2])), 96);
    assert.equal(intermediate(model('SeparableConv1D', [10, 3], [3], [1])), 48);
    assert.equal(intermediate(model('DepthwiseConv2D', [10, 10, 3], [3, 3], [2, 2])), undefined);
  });
});
