// Hand-derived cases for the memory model: every expected number is derived in the comments next to it.
import { strict as assert } from 'node:assert';
import { computeMemory, computeMemoryDetail, type MemoryLayer } from '../../../src/core/memory/memoryModel';
import { OPTIMIZER_STATE } from '../../../src/core/memory/optimizerState';

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
    layer('act', 'Activation', ['d1'], [3], 3),
    layer('d2', 'Dense', ['act'], [3], 2, 8, 'linear'),
  ];

  it('parameters, gradients, Adam state and activations of a dense chain', () => {
    const m = computeMemory(chain, { batchSize: 2, dtype: 'float32', optimizer: 'adam' });
    assert.equal(m.parameterBytes, 92);
    assert.equal(m.gradientBytes, 92);
    // Adam: 2 slots per trainable weight (2·23·4 = 184) + 2 float32 scalars accBeta1/accBeta2 (8) = 192.
    assert.equal(m.optimizerStateBytes, 192);
    assert.equal(m.activationBytes, 96);
  });

  it('inference peak from liveness: input kept, d1 freed after act', () => {
    // x live (32); d1 runs: 32+24 = 56; act runs: 56+24 = 80 (peak), then d1 is freed -> 56; d2: 56+16 = 72.
    // Peak 80 + weights 92 = 172.
    const d = computeMemoryDetail(chain, { batchSize: 2, dtype: 'float32', optimizer: 'adam' });
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
    const d = computeMemoryDetail(chain, { batchSize: 2, dtype: 'float32', optimizer: 'adam' });
    assert.equal(d.retainedForBackwardBytes, 24);
    assert.equal(d.trainingPeakBytes, 448);
    assert.equal(d.trainingPeakPhase, 'backward (d1)');
  });

  it('float16 halves every tensor but not the optimizer scalars', () => {
    const m = computeMemory(chain, { batchSize: 2, dtype: 'float16', optimizer: 'adam' });
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
    const d = computeMemoryDetail(branch, { batchSize: 1, dtype: 'float32', optimizer: 'sgd' });
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
    const m = computeMemory(broken, { batchSize: 2, dtype: 'float32', optimizer: 'sgd' });
    assert.equal(m.parameterBytes, 0);
    assert.ok(Number.isNaN(m.activationBytes));
    assert.ok(Number.isNaN(m.inferencePeakBytes));
    assert.ok(Number.isNaN(m.trainingPeakBytes));
  });

  it('an unknown parameter count makes the parameter figures unknown', () => {
    const m = computeMemory([input('x', 4), { ...layer('d', 'Dense', ['x'], [4], 2), params: null, trainableParams: null }],
      { batchSize: 1, dtype: 'float32', optimizer: 'adam' });
    assert.ok(Number.isNaN(m.parameterBytes));
    assert.ok(Number.isNaN(m.trainingPeakBytes));
  });
});
