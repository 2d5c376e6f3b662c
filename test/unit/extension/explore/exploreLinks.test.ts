// The inspector offers "Explore" (the dashboard on its Explore tab) for a TF.js layers model.json whose
// weightsManifest lists weights: in the hover's links and as a flag the CodeLens reads. Not for one without weights,
// nor for a Keras architecture JSON.
import * as assert from 'node:assert';
import { analyzeModelDocument } from '../../../../src/extension/inspector/modelDocuments';
import { hoverAt, summaryOf } from '../../../../src/extension/inspector/modelFaces';

const layers = [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } }];
const tfjs = (weightsManifest?: unknown) => JSON.stringify({
  format: 'layers-model',
  modelTopology: { class_name: 'Sequential', config: { name: 'm', layers } },
  ...(weightsManifest === undefined ? {} : { weightsManifest }),
}, null, 1);
const withWeights = [{ paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: [3, 2], dtype: 'float32' }] }];
const uri = 'file:///w/model.json';
const DEFAULT_MEMORY_OPTIONS = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;
const exploreLink = `command:cnnExplorer.openDashboard?${encodeURIComponent(JSON.stringify([{ uri, tab: 'explore' }]))}`;

function analysed(text: string) {
  const r = analyzeModelDocument(text, 1, DEFAULT_MEMORY_OPTIONS);
  assert.strictEqual(r.status, 'model');
  return r.status === 'model' ? r.model : assert.fail();
}

describe('Explore links in the inspector', () => {
  it('a model.json with weights: explorable, and the hover links to the Explore tab', () => {
    const text = tfjs(withWeights);
    const model = analysed(text);
    const summary = summaryOf({ status: 'model', model });
    assert.ok(summary.status === 'model' && summary.model.explorable);
    const hover = hoverAt(model, text.indexOf('"Dense"'), uri, DEFAULT_MEMORY_OPTIONS);
    assert.ok(hover?.markdown.includes(`[Explore the trained network](${exploreLink})`), hover?.markdown);
  });

  it('no weights, empty groups, or a Keras JSON: not explorable, no Explore link', () => {
    for (const text of [tfjs(), tfjs([]), tfjs([{ paths: [], weights: [] }]), JSON.stringify({ class_name: 'Sequential', config: { name: 'm', layers } })]) {
      const model = analysed(text);
      const summary = summaryOf({ status: 'model', model });
      assert.ok(summary.status === 'model' && !summary.model.explorable, text);
      const hover = hoverAt(model, text.indexOf('"Dense"'), uri, DEFAULT_MEMORY_OPTIONS);
      assert.ok(hover && !hover.markdown.includes('Explore the trained network') && !hover.markdown.includes('openDashboard'), text);
    }
  });
});
