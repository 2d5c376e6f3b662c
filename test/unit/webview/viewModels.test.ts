// The pure parts behind the views: paper labels, repeated-block collapse, table rows, chart alignment, memory bars.
import assert from 'node:assert/strict';
import type { LayerDrawing } from '../../../src/core';
import { analyzeModelText } from '../../../src/core';
import { accuracyRange, align, accuracyData, epochRange, lossData } from '../../../webview-ui/chartData';
import { findRepeatedBlocks, visibleGraph, type GraphLayer } from '../../../webview-ui/graph/collapse';
import { fitView, initialView, zoomAbout } from '../../../webview-ui/graph/panZoom';
import { layerRows, sortRows, tableTotals, type LayerRow, type Totals } from '../../../webview-ui/layerRows';
import { memoryBars } from '../../../webview-ui/memoryBars';
import { paperStages } from '../../../webview-ui/paperLabels';
import { computeMemoryDetail } from '../../../src/core/memory/memoryModel';
import { replayTraining } from '../../../webview-ui/state';
import { CALCULATORS, computeCard } from '../../../webview-ui/theoryCalculators';
import { layerCountText, plural } from '../../../webview-ui/wording';
import { earlierRun, lenetMessage, trainingStream } from '../../browser/fixtures';
import { analyzableFixtures } from '../../fixtures/analyzableFixtures';

describe('webview view models', () => {
  const lenet = lenetMessage();

  it('labels LeNet like the paper (C1: 6@28×28 … F5: 120), folding BN, activation, dropout and flatten', () => {
    const stages = paperStages(lenet.analysis.layers, lenet.layerConfigs)!;
    assert.deepEqual(stages.map((s) => s.label), ['INPUT: 1@28×28', 'C1: 6@28×28', 'S2: 6@14×14', 'C3: 16@10×10', 'S4: 16@5×5', 'F5: 120', 'F6: 84', 'F7: 10']);
    assert.deepEqual(stages[1].extras.map((l) => l.className), ['BatchNormalization', 'Activation']);
    assert.deepEqual(stages[4].extras.map((l) => l.className), ['Flatten', 'Dropout']);
  });

  it('refuses the paper drawing for a model with a branch', () => {
    const layers = lenet.analysis.layers.map((l) => ({ ...l }));
    layers[3] = { ...layers[3], inboundLayers: ['c1_conv', 'c1_bn'] };
    assert.equal(paperStages(layers), null);
  });

  /** A chain: stem, then `n` residual blocks [conv, bn, relu, conv, bn, add(skip), relu], with their catalogue drawings. */
  function resnetLayers(n: number): GraphLayer[] {
    const layers: GraphLayer[] = [{ name: 'in', className: 'InputLayer', drawing: 'input', shape: '8×8×4', inboundLayers: [] }];
    const drawings: Record<string, LayerDrawing> = { Conv2D: 'conv', BatchNormalization: 'normalization', Activation: 'activation', Add: 'merge', Dense: 'dense' };
    const add = (name: string, className: string, inbound: string[]) => layers.push({ name, className, drawing: drawings[className], shape: '8×8×4', inboundLayers: inbound });
    add('stem', 'Conv2D', ['in']);
    add('stem_bn', 'BatchNormalization', ['stem']);
    add('stem_relu', 'Activation', ['stem_bn']);
    let x = 'stem_relu';
    for (let b = 0; b < n; b++) {
      add(`b${b}c1`, 'Conv2D', [x]);
      add(`b${b}n1`, 'BatchNormalization', [`b${b}c1`]);
      add(`b${b}r1`, 'Activation', [`b${b}n1`]);
      add(`b${b}c2`, 'Conv2D', [`b${b}r1`]);
      add(`b${b}n2`, 'BatchNormalization', [`b${b}c2`]);
      add(`b${b}add`, 'Add', [`b${b}n2`, x]);
      add(`b${b}out`, 'Activation', [`b${b}add`]);
      x = `b${b}out`;
    }
    add('head', 'Dense', [x]);
    return layers;
  }

  it('collapses repeated residual blocks, aligned on the blocks\' first convolution', () => {
    const layers = resnetLayers(5);
    const blocks = findRepeatedBlocks(layers);
    assert.equal(blocks.length, 1);
    assert.deepEqual({ id: blocks[0].id, period: blocks[0].period, repeats: blocks[0].repeats }, { id: 'b0c1', period: 7, repeats: 5 });
    const g = visibleGraph(layers, blocks, new Set());
    assert.deepEqual(g.nodes.map((n) => n.id), ['in', 'stem', 'stem_bn', 'stem_relu', 'block:b0c1', 'head']);
    assert.deepEqual(g.edges, [
      { source: 'in', target: 'stem' }, { source: 'stem', target: 'stem_bn' }, { source: 'stem_bn', target: 'stem_relu' },
      { source: 'stem_relu', target: 'block:b0c1' }, { source: 'block:b0c1', target: 'head' },
    ]);
    assert.equal(g.nodeOf.get('b3add'), 'block:b0c1');
    // Expanded, every layer is its own node again.
    assert.equal(visibleGraph(layers, blocks, new Set(['b0c1'])).nodes.length, layers.length);
  });

  it('does not merge blocks whose wiring differs', () => {
    const layers = resnetLayers(3);
    // The second block's Add takes its skip from inside the block: not the same block.
    layers.find((l) => l.name === 'b1add')!.inboundLayers = ['b1n2', 'b1r1'];
    const blocks = findRepeatedBlocks(layers);
    // Without the change the three blocks collapse into one 3 × 7 node from b0c1 (see the test above).
    assert.ok(!blocks.some((b) => b.id === 'b0c1' && b.repeats === 3), JSON.stringify(blocks));
    assert.ok(blocks.every((b) => b.repeats <= 2), JSON.stringify(blocks));
  });

  it('builds table rows with shares and sorts unknowns last in both directions', () => {
    const rows = layerRows(lenet.analysis, 100, 'float32');
    assert.equal(rows[1].memory, 28 * 28 * 6 * 100 * 4);
    assert.equal(rows.find((r) => r.name === 'f5_dense')!.share, 48120 / 62610);
    const withUnknown = [...rows, { ...rows[1], index: 99, name: 'mystery', params: null }];
    assert.equal(sortRows(withUnknown, 'params', true).at(-1)!.name, 'mystery');
    assert.equal(sortRows(withUnknown, 'params', false).at(-1)!.name, 'mystery');
    assert.equal(sortRows(rows, 'params', true)[0].name, 'f5_dense');
  });

  it('totals the table: the model\'s counts, and the output memory of every layer for the batch and dtype', () => {
    const t = tableTotals(lenet.analysis, 100, 'float32');
    // Parameters: see test/unit/core/lenet.test.ts. MACs per sample: C1 28·28 positions · 6 filters · 5·5·1, BN(6)
    // one per element, C3 10·10 · 16 · 5·5·6, BN(16), F5 400·120, BN(120), F6 120·84, BN(84), output 84·10.
    const macs = 28 * 28 * 6 * 5 * 5 * 1 + 28 * 28 * 6 + 10 * 10 * 16 * 5 * 5 * 6 + 10 * 10 * 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10;
    assert.equal(macs, 423028);
    assert.deepEqual([t.params, t.trainable, t.nonTrainable, t.macs], [62610, 62158, 452, macs]);
    // Output elements per sample: input 28·28·1; conv, BN, activation 28·28·6 each; pool, dropout 14·14·6; conv, BN,
    // activation 10·10·16; pool, flatten, dropout 5·5·16; dense, BN, activation, dropout 120 and 84; output 10.
    const elements = 28 * 28 * 1 + 3 * (28 * 28 * 6) + 2 * (14 * 14 * 6) + 3 * (10 * 10 * 16) + 3 * (5 * 5 * 16) + 4 * 120 + 4 * 84 + 10;
    assert.equal(t.memory, elements * 100 * 4);
    assert.equal(tableTotals(lenet.analysis, 32, 'float16').memory, elements * 32 * 2);
    const mystery = { ...lenet.analysis.layers[1], name: 'mystery', outputElementsPerSample: null };
    assert.equal(tableTotals({ ...lenet.analysis, layers: [...lenet.analysis.layers, mystery] }, 100, 'float32').memory, null);
  });

  /** The oracle: the table's rows added up (unknown if any row is unknown), as the footer once computed them. */
  function sumOfRows(rows: readonly LayerRow[]): Totals {
    const sum = (f: (r: LayerRow) => number | null) => rows.reduce<number | null>((acc, r) => (acc === null || f(r) === null ? null : acc + f(r)!), 0);
    return {
      params: sum((r) => r.params), trainable: sum((r) => r.trainable), nonTrainable: sum((r) => r.nonTrainable), buffers: sum((r) => r.buffers),
      macs: sum((r) => r.macs), memory: sum((r) => r.memory),
    };
  }

  it('totals every fixture as the rows add up (the figures the footer showed before it read core\'s totals)', () => {
    const fixtures = analyzableFixtures();
    assert.ok(fixtures.length >= 10, `only ${fixtures.length} fixtures analyse`);
    for (const { name, analysis } of fixtures) {
      for (const [batchSize, dtype] of [[100, 'float32'], [7, 'float16']] as const) {
        assert.deepStrictEqual(tableTotals(analysis, batchSize, dtype), sumOfRows(layerRows(analysis, batchSize, dtype)), name);
      }
    }
  });

  it('aligns chart series on the union of their x values', () => {
    assert.deepEqual(align([[{ x: 0, y: 1 }, { x: 2, y: 3 }], [{ x: 1, y: 5 }]]), [[0, 1, 2], [1, null, 3], [null, 5, null]]);
    const run = replayTraining(trainingStream('a'));
    const loss = lossData(run, [earlierRun()]);
    assert.equal(loss.series.length, 3);
    assert.equal(loss.data.length, 4);
    // The recorded run logs batches at 100, 10,100, …, 240,100 samples (25 points) and validates at 50,000, …,
    // 250,000 (5 points); the earlier run's batches fall on the same x values as the first 15 of them.
    assert.equal(loss.data[0].length, 30);
    const acc = accuracyData(run, []);
    assert.deepEqual(acc.data, [[1, 2, 3, 4, 5], [0.8185, 0.847, 0.8625, 0.8711, 0.8976]]); // the recorded run's
  });

  it('splits the memory peaks into stacked segments that add up to the peak', () => {
    const d = computeMemoryDetail(lenet.analysis.layers, { batchSize: 100, dtype: 'float32', optimizer: 'adam' });
    const [inference, training] = memoryBars(d);
    const sum = (b: typeof inference) => b.segments.reduce((a, s) => a + s.bytes, 0);
    assert.equal(sum(inference), d.inferencePeakBytes);
    assert.equal(sum(training), d.trainingPeakBytes);
    assert.equal(training.segments.find((s) => s.id === 'optimizer')!.bytes, d.optimizerStateBytes);
  });

  it('zooms about the pointer and fits without enlarging', () => {
    const v = zoomAbout({ scale: 1, tx: 0, ty: 0 }, 2, 100, 50);
    // The content point under (100, 50) stays under it: (100 - tx) / scale = 100.
    assert.deepEqual(v, { scale: 2, tx: -100, ty: -50 });
    assert.equal(fitView(100, 100, 1000, 1000).scale, 1);
    assert.equal(fitView(2000, 1000, 1000, 1000).scale, 0.5);
    // A tall graph opens readable (≥ 60%) from the top rather than fitted to a speck.
    const tall = initialView(200, 10000, 800, 600);
    assert.equal(tall.scale, 1);
    assert.equal(tall.ty, 8);
  });

  it('computes a theory card from its field texts only, and says why it cannot', () => {
    const card = (id: string) => CALCULATORS.find((c) => c.id === id)!;
    // floor((28 + 0 + 0 - 5) / 2) + 1 = 12; 3·3·3·16 = 432 weights, + 16 biases = 448.
    assert.equal(computeCard(card('output'), { n: '28', f: '5', p: '0', s: '2', d: '1' }).result, 'O = 12');
    assert.equal(computeCard(card('params'), { f: '3', c: '3', k: '16' }).result, '432 without bias, 448 with bias');
    const cases: [Record<string, string>, RegExp][] = [
      [{ n: '28', f: '5', p: '0', s: '0', d: '1' }, /^S must be ≥ 1 \(got 0\)$/],
      [{ n: '28', f: '40', p: '0', s: '1', d: '1' }, /filter \(40\) is larger than the padded input \(28 \+ 0 \+ 0 = 28\)/],
      [{ n: '', f: '5', p: '0', s: '1', d: '1' }, /^N is empty/],
      [{ n: '28', f: '2.5', p: '0', s: '1', d: '1' }, /^F must be a whole number \(got 2\.5\)$/],
      [{ n: '28', f: '5', p: '-1', s: '1', d: '1' }, /^P must be ≥ 0 \(got -1\)$/],
      [{ n: 'x', f: '5', p: '0', s: '1', d: '1' }, /^N is not a number/],
    ];
    for (const [texts, why] of cases) {
      const r = computeCard(card('output'), texts);
      assert.equal(r.result, '—', JSON.stringify(texts));
      assert.deepEqual(r.lines, []);
      assert.match(r.error ?? '', why);
    }
    // The memory card shows the step from bytes to the unit: 100·150·100·4 = 6,000,000 B; / 1,048,576 = 5.72 MiB.
    const mem = computeCard(card('memory'), { h: '100', w: '150', c: '100', b: '1', bytes: '4' });
    assert.ok(mem.lines.includes('per image: 6000000 B ÷ 1,048,576 B per MiB = 5.72 MiB'), mem.lines.join('\n'));
  });

  it('keeps the accuracy axis within 0–100% and centres a lone epoch', () => {
    // One epoch at 81.8%: tenths around it; 99% and 3% stay inside 0–1; no data: the whole 0–1.
    assert.deepEqual(accuracyRange(0.818, 0.818), [0.7, 0.9]);
    assert.deepEqual(accuracyRange(0.81, 0.99), [0.7, 1]);
    assert.deepEqual(accuracyRange(0.03, 0.2), [0, 0.3]);
    assert.deepEqual(accuracyRange(null, null), [0, 1]);
    assert.deepEqual(epochRange(1, 1), [0.5, 1.5]);
    assert.deepEqual(epochRange(1, 50), [0.5, 50.5]);
  });

  it('folds only chains of identical layers: not parallel branches, not a chain whose configs differ', () => {
    const l = (name: string, className: string, inbound: string[], config = ''): GraphLayer => ({ name, className, shape: '8×8×16', inboundLayers: inbound, config });
    // test/fixtures/models/functional-branches.json: stem, then two parallel branches off it (3×3 and 1×1).
    const branches = [
      l('image', 'InputLayer', []), l('stem', 'Conv2D', ['image'], 'k3'), l('branch_3x3', 'Conv2D', ['stem'], 'k3'),
      l('branch_1x1', 'Conv2D', ['stem'], 'k1'), l('residual', 'Add', ['stem', 'branch_3x3']),
    ];
    assert.deepEqual(findRepeatedBlocks(branches), []);
    // Same kernels, still parallel: three convolutions all fed by the stem are not a repeated chain.
    const fan = [l('image', 'InputLayer', []), l('stem', 'Conv2D', ['image']), l('a', 'Conv2D', ['stem']), l('b', 'Conv2D', ['stem']), l('c', 'Conv2D', ['stem'])];
    assert.deepEqual(findRepeatedBlocks(fan), []);
    // A chain, but 3×3, 1×1, 3×3: different configs.
    const mixed = [l('image', 'InputLayer', []), l('c1', 'Conv2D', ['image'], 'k3'), l('c2', 'Conv2D', ['c1'], 'k1'), l('c3', 'Conv2D', ['c2'], 'k3')];
    assert.deepEqual(findRepeatedBlocks(mixed), []);
    // The same chain with one config: folded, 3 × 1.
    const same = [l('image', 'InputLayer', []), l('c1', 'Conv2D', ['image'], 'k3'), l('c2', 'Conv2D', ['c1'], 'k3'), l('c3', 'Conv2D', ['c2'], 'k3')];
    assert.deepEqual(findRepeatedBlocks(same).map((b) => [b.id, b.period, b.repeats]), [['c1', 1, 3]]);
    // One drawing ('regularization') and one config, but three classes: not identical layers, not folded.
    const dropouts = [l('image', 'InputLayer', []), l('d1', 'Dropout', ['image'], 'r.5'), l('d2', 'SpatialDropout2D', ['d1'], 'r.5'), l('d3', 'GaussianDropout', ['d2'], 'r.5')]
      .map((layer) => ({ ...layer, drawing: layer.className === 'InputLayer' ? 'input' as const : 'regularization' as const }));
    assert.deepEqual(findRepeatedBlocks(dropouts), []);
  });

  it('words counts: singular for one, inputs apart from layers', () => {
    assert.equal(plural(1, 'epoch'), '1 epoch');
    assert.equal(plural(5, 'epoch'), '5 epochs');
    assert.equal(plural(1200, 'layer'), '1,200 layers');
    const seq = [{ drawing: 'input' as const }, ...Array.from({ length: 10 }, () => ({ drawing: 'dense' as const }))];
    assert.equal(layerCountText(seq), '10 layers + input');
    assert.equal(layerCountText([...seq, { drawing: 'input' as const }]), '10 layers + 2 inputs');
    assert.equal(layerCountText([{ drawing: 'dense' as const }]), '1 layer');
    // From a real analysis: the drawing of an InputLayer (and of its alias, if any) is 'input'.
    const analysed = analyzeModelText(JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } }] } })).analysis;
    assert.equal(layerCountText(analysed!.layers), '1 layer + input');
  });
});
