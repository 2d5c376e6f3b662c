// The editor's view on the static engine's own analyses of corpus files: Sequential items (built and called at the
// same place: one hint), a helper that builds many modules (ResNet-18's conv3x3), and a broken file's quick fixes.
// Shapes and parameter counts are PyTorch 1.13.1's (the oracle's recorded answers).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePyTorchSource } from '../../../../src/core/formats/pytorch';
import { PyTorchModelView } from '../../../../src/extension/pytorch/faces/pytorchModelView';
import { formatTorchShape } from '../../../../src/extension/pytorch/faces/torchLayerText';
import { corpusDir, readOracle } from './oracleTrace';

function staticView(file: string): { text: string; view: PyTorchModelView } {
  const text = readFileSync(join(corpusDir, file), 'utf8');
  return { text, view: new PyTorchModelView(analyzePyTorchSource(text, { batchSize: 100 }), text) };
}

const count = (n: number) => n.toLocaleString('en-US');

describe('PyTorchModelView on the static engine', () => {
  it('a module-level Sequential: one hint per item, after the item, with PyTorch\'s shape and parameters', () => {
    const file = 'lenet_sequential.py';
    const oracle = readOracle(file);
    const { text, view } = staticView(file);
    const hints = view.inlaysIn(0, text.length);
    assert.equal(hints.length, oracle.layers.length);
    for (const [i, leaf] of oracle.layers.entries()) {
      const hint = hints[i];
      assert.equal(hint.label, `→ ${formatTorchShape(leaf.calls[0].outputShapes[0])} · ${count(leaf.trainableParams)} param${leaf.trainableParams === 1 ? '' : 's'}`, leaf.name);
      // Right after the item's closing parenthesis.
      assert.equal(text[hint.offset - 1], ')', leaf.name);
    }
  });

  it('a helper that builds many modules (ResNet-18\'s conv3x3): one hint naming how many, the hover lists each', () => {
    const file = 'resnet18_torchvision.py';
    const oracle = readOracle(file);
    const { text, view } = staticView(file);
    const helper = text.indexOf('def conv3x3');
    const call = text.indexOf('nn.Conv2d(', helper);
    const site = view.siteAt(call + 3);
    assert.ok(site && site.kind === 'construction');
    const names = site.uses.map((u) => u.layer.name);
    // Every 3×3 conv of the blocks: layerN.M.conv1 and conv2 (PyTorch's names), 16 of them.
    const expected = oracle.layers.filter((l) => /^layer\d\.\d\.conv[12]$/.test(l.name)).map((l) => l.name);
    assert.deepEqual([...names].sort(), [...expected].sort());
    assert.equal(names.length, 16);
    const first = oracle.layers.find((l) => l.name === names[0])!;
    const last = oracle.layers.find((l) => l.name === names[names.length - 1])!;
    const [hint] = view.inlaysIn(site.span.to, site.span.to);
    assert.equal(hint.label, `→ ${formatTorchShape(first.calls[0].outputShapes[0])} … ${formatTorchShape(last.calls[0].outputShapes[0])} · ${count(first.trainableParams)} … ${count(last.trainableParams)} params (16 modules)`);
    const hover = view.hoverAt(call + 3, { batchSize: 1, dtype: 'float32' })!;
    assert.ok(hover.markdown.includes('Built 16 times here:'), hover.markdown);
    for (const name of expected) {
      const leaf = oracle.layers.find((l) => l.name === name)!;
      const row = `| ${name.replace(/\./g, '\\.')} | ${formatTorchShape(leaf.calls[0].outputShapes[0]).replace(/[[\],]/g, (c) => `\\${c}`)} | ${count(leaf.trainableParams)} |`;
      assert.ok(hover.markdown.includes(row), `${row}\n${hover.markdown}`);
    }
  });

  it('a broken view: the quick fixes at the diagnostic, and what applying the first one gives', () => {
    const file = 'broken/view_wrong_size.py';
    const { text, view } = staticView(file);
    const [diagnostic] = view.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(diagnostic);
    assert.equal(text.slice(diagnostic.span.from, diagnostic.span.to), '16 * 5 * 5');
    const fixes = view.fixesAt(diagnostic.span);
    assert.equal(fixes.length, 2);
    const apply = (edits: readonly { span: { from: number; to: number }; newText: string }[]) =>
      [...edits].sort((a, b) => b.span.from - a.span.from).reduce((t, e) => t.slice(0, e.span.from) + e.newText + t.slice(e.span.to), text);
    // 16 channels × 4 × 4 after the second pool = 256 per sample (PyTorch: "input of size 512" at batch 2).
    assert.ok(apply(fixes[0].edits).includes('x = x.view(-1, 256)'));
    assert.ok(apply(fixes[1].edits).includes('x = x.view(x.size(0), -1)'));
    // Away from the diagnostic there is nothing to fix.
    assert.deepEqual(view.fixesAt({ from: 0, to: 10 }), []);
  });

  it('layers after the error are unknown, not "never called" with 0 MACs', () => {
    const { text, view } = staticView('broken/linear_in_features_after_flatten.py');
    const after = text.indexOf('nn.Linear(120, 84)');
    const site = view.siteAt(after + 3)!;
    const [hint] = view.inlaysIn(site.span.to, site.span.to);
    // 120·84 + 84 = 10,164 parameters are known without running; its output is not.
    assert.equal(hint.label, '→ ? (after the error) · 10,164 params');
    const hover = view.hoverAt(after + 3, { batchSize: 1, dtype: 'float32' })!;
    assert.ok(hover.markdown.includes('| MACs | unknown |'), hover.markdown);
    assert.ok(hover.markdown.includes('forward stopped at an error'), hover.markdown);
  });
});
