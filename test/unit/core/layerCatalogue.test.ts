// The layer catalogue describes each class once: every registered class and alias has every part of its description
// (what it does, its shape rule, what its backward keeps, how the dashboard draws it, whose semantics it follows), and
// an alias is its class: the same analysis, figures, memory and drawing.
import { strict as assert } from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { Analysis, LayerDrawing } from '../../../src/core/analysisResult';
import { knownLayerClasses, layerAliases, ruleFor } from '../../../src/core/layers/registry';

const DRAWINGS: readonly LayerDrawing[] = ['input', 'conv', 'pool', 'dense', 'activation', 'normalization', 'regularization', 'reshape', 'merge', 'other'];
const ACTIVATIONS = [undefined, null, 'linear', 'relu', 'swish', 'my_custom_activation'];

describe('layer catalogue: each class described once', () => {
  const classes = knownLayerClasses();

  it('knows the classes it did before, aliases included', () => {
    // 86 classes + 22 aliases (7 Keras 2 convolution names, 15 pooling names), as before issue #11's reshaping.
    assert.equal(classes.length, 108);
    assert.equal(layerAliases().length, 22);
  });

  it('every registered class and alias has a description, a shape rule, a backward rule per memory model and a drawing', () => {
    for (const className of classes) {
      const rule = ruleFor(className);
      assert.ok(rule, className);
      assert.ok(typeof rule.description === 'string' && rule.description.length > 0, `${className}: description`);
      assert.equal(typeof rule.infer, 'function', `${className}: infer`);
      assert.ok(DRAWINGS.includes(rule.drawing) && rule.drawing !== 'input', `${className}: drawing ${rule.drawing}`);
      assert.equal(typeof rule.backward.idealAutograd, 'function', `${className}: backward.idealAutograd`);
      for (const activation of ACTIVATIONS) {
        const needs = rule.backward.idealAutograd(activation);
        assert.equal(typeof needs.inputs, 'boolean', `${className}(${activation}): inputs`);
        assert.equal(typeof needs.output, 'boolean', `${className}(${activation}): output`);
        assert.ok(Number.isInteger(needs.extraInputSized) && needs.extraInputSized >= 0, `${className}(${activation}): extraInputSized`);
      }
    }
  });

  it('every rule says whose semantics it follows: Keras (as TF.js layers and Keras read a config), for all of today\'s', () => {
    for (const className of classes) assert.equal(ruleFor(className)?.semantics, 'keras', className);
  });

  it('an alias names a registered class and is that class\'s rule', () => {
    for (const [alias, className] of layerAliases()) {
      assert.ok(!layerAliases().some(([a]) => a === className), `${alias} → ${className} is itself an alias`);
      assert.ok(ruleFor(className), `${alias} → ${className} is not registered`);
      assert.equal(ruleFor(alias), ruleFor(className), alias);
    }
  });

  /**
   * Sequential [Conv(rank) 1×…, <class>, Flatten, Dense(2, relu)] on 8×…×3 inputs: the first convolution trains, so the
   * gradient flows through <class> and its backward rule shapes the training peak.
   */
  function modelWith(className: string, config: Record<string, unknown>, rank: number): string {
    const spatial = Array.from({ length: rank }, () => 8);
    const ones = Array.from({ length: rank }, () => 1);
    const layers = [
      { class_name: `Conv${rank}D`, config: { name: 'stem', filters: 3, kernel_size: ones, activation: 'relu', batch_input_shape: [null, ...spatial, 3] } },
      { class_name: className, config: { name: 'x', ...config } },
      { class_name: 'Flatten', config: { name: 'flat' } },
      { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'relu' } },
    ];
    return JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 'm', layers } } });
  }

  function configFor(className: string, rank: number): Record<string, unknown> {
    const threes = Array.from({ length: rank }, () => 3);
    if (/^Global/.test(className)) return {};
    if (/Pooling/.test(className)) return { pool_size: Array.from({ length: rank }, () => 2) };
    return { filters: 4, kernel_size: threes, activation: 'tanh' };
  }

  const analyzed = (text: string): Analysis => {
    const { analysis, diagnostics } = analyzeModelText(text, { batchSize: 4, dtype: 'float32', optimizer: 'adam' });
    assert.ok(analysis, JSON.stringify(diagnostics));
    return analysis;
  };

  it('an alias gives the same analysis as its class: shapes, weights, MACs, derivation, drawing and every memory figure', () => {
    for (const [alias, className] of layerAliases()) {
      const rank = Number(/([123])D/.exec(className)?.[1]);
      assert.ok(rank >= 1 && rank <= 3, className);
      const config = configFor(className, rank);
      const viaAlias = analyzed(modelWith(alias, config, rank));
      const viaClass = analyzed(modelWith(className, config, rank));
      assert.deepEqual(viaAlias.diagnostics, [], `${alias}: ${JSON.stringify(viaAlias.diagnostics)}`);
      assert.notEqual(viaClass.layers[2].outputShapes[0], null, className);
      const asClass = viaAlias.layers.map((l) => (l.className === alias ? { ...l, className } : l));
      assert.deepEqual(asClass, viaClass.layers, alias);
      assert.deepEqual(viaAlias.totals, viaClass.totals, alias);
      assert.deepEqual(viaAlias.memory, viaClass.memory, alias);
    }
  });
});
