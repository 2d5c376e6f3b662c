// The host's PyTorch model message and where "reveal in editor" goes, on a real analysis of a corpus file (the CIFAR
// tutorial's Net: modules built in __init__, F.relu calls and a view in forward, one pool module called twice).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePyTorchSource, torchMemoryLayers } from '../../../src/core/formats/pytorch';
import { layerSpanOf, pytorchEngineLabel, pytorchModelMessage } from '../../../src/extension/dashboard/pytorchModelMessage';
import { parseHostToWebview } from '../../../src/protocol';

const text = readFileSync(join(__dirname, '../../fixtures/pytorch-corpus/cifar_tutorial_view.py'), 'utf8');
const descriptor = { key: 'pytorch:file:///net.py#', title: 'net.py', source: 'pytorch' as const, uri: 'file:///net.py' };

describe('PyTorch model message (dashboard host)', () => {
  const result = analyzePyTorchSource(text);

  it('labels the engine whose numbers these are', () => {
    assert.equal(pytorchEngineLabel({ engine: 'static' }), 'PyTorch · static analysis');
    assert.equal(pytorchEngineLabel({ engine: 'pytorch', torchVersion: '1.13.1' }), 'PyTorch 1.13.1 · meta device');
  });

  it('carries the analysis, each layer\'s arguments and the memory walk, and survives the page\'s validator', () => {
    const message = pytorchModelMessage(descriptor, { ...result, version: 3 }, torchMemoryLayers(result.trace));
    // conv1 = nn.Conv2d(3, 6, 5) in the file.
    assert.deepEqual(message.layerConfigs?.conv1 && [message.layerConfigs.conv1.in_channels, message.layerConfigs.conv1.out_channels, message.layerConfigs.conv1.kernel_size], [3, 6, 5]);
    assert.equal(message.engine, 'PyTorch · static analysis');
    // The pool runs twice: the walk has an entry per call (pool, pool#2), the analysis one layer.
    assert.deepEqual(message.memoryLayers?.filter((l) => l.name.startsWith('pool')).map((l) => l.name), ['pool', 'pool#2']);
    assert.equal(message.analysis.layers.filter((l) => l.name === 'pool').length, 1);
    const parsed = parseHostToWebview(JSON.parse(JSON.stringify(message)));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  });

  it('reveals a module at its construction and a recorded call at its expression', () => {
    const at = (name: string) => {
      const span = layerSpanOf(result.trace, name);
      return span && text.slice(span.from, span.to);
    };
    assert.equal(at('conv1'), 'nn.Conv2d(3, 6, 5)');
    assert.equal(at('pool'), 'nn.MaxPool2d(2, 2)');
    const view = result.trace.layers.find((l) => l.className === 'Tensor.view');
    assert.ok(view, 'the view is a recorded call');
    assert.match(at(view.name) ?? '', /^x\.view\(-1, 16 \* 5 \* 5\)$/);
    assert.equal(at('fc9'), undefined);
  });
});
