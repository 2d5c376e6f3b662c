// Issue #13 in the editor: the inspector's hover and CodeLens memory figures are those of the framework the settings
// choose, say which (and the device), and keep the ideal-autograd lower bound labelled as such. The oracle for each
// figure is core's computeMemory for that framework (the corpus-checked memory model, test/unit/core/memory*).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePyTorchSource, torchMemoryLayers } from '../../../src/core/formats/pytorch';
import { formatBytes } from '../../../src/core/format';
import { computeMemory, type MemoryOptions } from '../../../src/core/memory';
import { INSPECTOR_DEFAULTS, inspectorMemoryOptions, type InspectorSettings } from '../../../src/extension/inspector/inspectorSettingsReader';
import { analyzeModelDocument, type ModelDocument } from '../../../src/extension/inspector/modelDocuments';
import { hoverAt, summaryOf } from '../../../src/extension/inspector/modelFaces';
import { PyTorchModelView } from '../../../src/extension/pytorch/faces/pytorchModelView';
import { lensTitle } from '../../../src/extension/pytorch/faces/torchLayerText';

const root = join(__dirname, '..', '..', '..');
const jsonFile = join(root, 'test', 'fixtures', 'workspace', 'models', 'sequential-cnn.json');
const pyFile = join(root, 'test', 'fixtures', 'pytorch-corpus', 'lenet_sequential.py');

const settings = (s: Partial<InspectorSettings>): MemoryOptions => inspectorMemoryOptions({ ...INSPECTOR_DEFAULTS, batchSize: 32, ...s });

function jsonModel(options: MemoryOptions): ModelDocument {
  const result = analyzeModelDocument(readFileSync(jsonFile, 'utf8'), 1, options);
  assert.equal(result.status, 'model');
  if (result.status !== 'model' || !result.model.analysis) throw new Error('not analysed');
  return result.model;
}

/** The figure as the faces must show it: the peak, or the model's range (low–high) where a term is unpredictable. */
function shown(bytes: number, range?: { lowBytes: number; highBytes: number }): string {
  return range ? `${formatBytes(range.lowBytes)}–${formatBytes(range.highBytes)}` : formatBytes(bytes);
}

function row(markdown: string, title: string): string {
  const found = markdown.split('\n').find((l) => l.startsWith(`| ${title} |`));
  assert.ok(found, `no ${title} row in\n${markdown}`);
  return found;
}

describe('memory figures in the editor, per framework (issue #13)', () => {
  describe('JSON inspector', () => {
    const text = readFileSync(jsonFile, 'utf8');
    const firstLayer = text.indexOf('"class_name"', text.indexOf('"layers"'));

    for (const [choice, framework, label] of [['auto', 'tfjs', 'TF.js 4.x'], ['tfjs', 'tfjs', 'TF.js 4.x'], ['pytorch', 'pytorch', 'PyTorch 2.x · CUDA']] as const) {
      it(`setting ${choice}: hover and CodeLens give computeMemory's ${framework} peaks, labelled ${label}`, () => {
        const model = jsonModel(settings({ memoryFramework: choice }));
        const oracle = computeMemory(model.analysis!.layers, { batchSize: 32, dtype: 'float32', optimizer: 'adam', framework, device: 'cuda' });
        assert.equal(model.analysis!.memory.framework, framework);
        const hover = hoverAt(model, firstLayer, 'file:///m.json', { batchSize: 32, dtype: 'float32' })!.markdown;
        assert.match(row(hover, 'Model training peak'), new RegExp(`≈ ${shown(oracle.trainingPeakBytes, oracle.trainingPeakRange)} · ${label} · batch 32 \\(adam, float32\\)`));
        assert.match(row(hover, 'Model inference peak'), new RegExp(`≈ ${shown(oracle.inferencePeakBytes, oracle.inferencePeakRange)} · ${label} · batch 32 \\(float32\\)`));
        const ideal = computeMemory(model.analysis!.layers, { batchSize: 32, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
        assert.equal(row(hover, 'Ideal autograd'), `| Ideal autograd | training ${formatBytes(ideal.trainingPeakBytes)} · inference ${formatBytes(ideal.inferencePeakBytes)} (ideal autograd (lower bound, for teaching): no framework reaches it) |`);
        const summary = summaryOf({ status: 'model', model });
        assert.ok(summary.status === 'model' && summary.model.lens);
        assert.match(summary.model.lens.title, new RegExp(`training ≈ ${shown(oracle.trainingPeakBytes, oracle.trainingPeakRange)} for ${label} at batch 32`));
      });
    }

    it('a change of the setting changes the hover\'s figure (the two frameworks differ on this model)', () => {
      const tfjs = hoverAt(jsonModel(settings({ memoryFramework: 'tfjs' })), firstLayer, 'u', { batchSize: 32, dtype: 'float32' })!.markdown;
      const torch = hoverAt(jsonModel(settings({ memoryFramework: 'pytorch' })), firstLayer, 'u', { batchSize: 32, dtype: 'float32' })!.markdown;
      assert.notEqual(row(tfjs, 'Model training peak'), row(torch, 'Model training peak'));
      const cpu = hoverAt(jsonModel(settings({ memoryFramework: 'pytorch', memoryDevice: 'cpu' })), firstLayer, 'u', { batchSize: 32, dtype: 'float32' })!.markdown;
      assert.match(row(cpu, 'Model training peak'), /PyTorch 2\.x · CPU/);
    });
  });

  describe('PyTorch faces', () => {
    const text = readFileSync(pyFile, 'utf8');
    for (const [choice, framework, label] of [['auto', 'pytorch', 'PyTorch 2.x · CUDA'], ['tfjs', 'tfjs', 'TF.js 4.x'], ['pytorch', 'pytorch', 'PyTorch 2.x · CUDA']] as const) {
      it(`setting ${choice}: hover and CodeLens give computeMemory's ${framework} peaks, labelled ${label}`, () => {
        const result = analyzePyTorchSource(text, settings({ memoryFramework: choice }));
        const oracle = computeMemory(torchMemoryLayers(result.trace), { batchSize: 32, dtype: 'float32', optimizer: 'adam', semantics: 'pytorch', framework, device: 'cuda' });
        assert.ok(Number.isFinite(oracle.trainingPeakBytes) && oracle.trainingPeakBytes > 0);
        const view = new PyTorchModelView(result, text);
        const site = view.sites[0];
        const hover = view.hoverAt(site.span.from, { batchSize: 32, dtype: 'float32' })!.markdown;
        assert.match(row(hover, 'Model training peak'), new RegExp(`≈ ${shown(oracle.trainingPeakBytes, oracle.trainingPeakRange)} · ${label} · batch 32`));
        assert.match(row(hover, 'Model inference peak'), new RegExp(`≈ ${shown(oracle.inferencePeakBytes, oracle.inferencePeakRange)} · ${label}`));
        assert.match(row(hover, 'Ideal autograd'), /lower bound, for teaching/);
        if (oracle.trainingPeakRange) assert.ok(hover.includes('*Training peak range: cuBLAS allocates'), hover);
        const lens = lensTitle({ ...result.analysis.totals, ...result.analysis.memory }, 'static');
        assert.match(lens, new RegExp(`training ≈ ${shown(oracle.trainingPeakBytes, oracle.trainingPeakRange)} for ${label} at batch 32 \\(adam, float32\\)`));
      });
    }
  });
});
