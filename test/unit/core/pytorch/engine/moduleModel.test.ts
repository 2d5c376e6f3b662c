// The nn.Module object model and the forward walk on small models whose answers are derived by hand: names as
// named_modules() gives them, containers, shared and never-called leaves, parameters and buffers, call shapes,
// execution order and provenance, recorded functional/op calls.
import * as assert from 'assert';
import { analyzeStatic } from '../../../../../src/core/formats/pytorch/static/analyzeStatic';
import type { TracedLayer } from '../../../../../src/core/formats/pytorch/trace';

const MODEL = `# input: 1x8x8
import torch
import torch.nn as nn


class Scale(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.w = nn.Parameter(torch.ones(c, 1, 1))
        self.register_buffer('count', torch.zeros(1))

    def forward(self, x):
        return x * self.w


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.skip = nn.Sequential()

    def forward(self, x):
        return self.conv(x) + self.skip(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        shared = nn.ReLU()
        layers = [nn.Conv2d(1, 4, 3, padding=1), shared]
        layers += [Block(4)]
        layers.append(shared)
        layers.append(Scale(4))
        self.features = nn.Sequential(*layers)
        self.heads = nn.ModuleDict({'a': nn.Linear(4 * 8 * 8, 2), 'b': nn.Linear(4 * 8 * 8, 3)})
        self.extra = nn.ModuleList([nn.Linear(2, 2) for _ in range(2)])
        self.add_module('unused', nn.Linear(5, 5))

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.heads['a'](x)
`;

const count = (shapes: readonly { shape: readonly number[] }[] | null) => (shapes ? shapes.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0) : null);

describe('static PyTorch engine: the nn.Module object model and the forward walk', () => {
  const { trace } = analyzeStatic(MODEL);
  const byName = new Map<string, TracedLayer>(trace.layers.map((l) => [l.name, l]));

  it('lists leaves as named_modules() does: registration order, a shared module once under its first name, uncalled leaves too', () => {
    assert.deepStrictEqual(trace.layers.filter((l) => l.kind === 'module').map((l) => `${l.name}:${l.className}`), [
      'features.0:Conv2d', 'features.1:ReLU', 'features.2.conv:Conv2d', 'features.2.skip:Sequential', 'features.4:Scale',
      'heads.a:Linear', 'heads.b:Linear', 'extra.0:Linear', 'extra.1:Linear', 'unused:Linear',
    ]);
    assert.deepStrictEqual(trace.diagnostics, []);
  });

  it('counts parameters and buffers: the catalogue\'s for nn classes, nn.Parameter and register_buffer for the file\'s leaf classes', () => {
    const params = Object.fromEntries(trace.layers.filter((l) => l.kind === 'module').map((l) => [l.name, count(l.parameters)]));
    assert.deepStrictEqual(params, {
      'features.0': 4 * 1 * 3 * 3 + 4, 'features.1': 0, 'features.2.conv': 4 * 4 * 3 * 3 + 4, 'features.2.skip': 0,
      'features.4': 4, 'heads.a': 256 * 2 + 2, 'heads.b': 256 * 3 + 3, 'extra.0': 2 * 2 + 2, 'extra.1': 2 * 2 + 2, unused: 5 * 5 + 5,
    });
    assert.deepStrictEqual(byName.get('features.4')!.buffers, [{ name: 'count', shape: [1], dtype: 'float32' }]);
  });

  it('follows the tensor: the shared ReLU is called twice, the empty Sequential is an identity leaf, uncalled leaves have no calls', () => {
    const calls = (name: string) => byName.get(name)!.calls.map((c) => [c.inputShapes, c.outputShapes]);
    const map = [null, 4, 8, 8];
    assert.deepStrictEqual(calls('features.0'), [[[[null, 1, 8, 8]], [map]]]);
    assert.deepStrictEqual(calls('features.1'), [[[map], [map]], [[map], [map]]]);
    assert.deepStrictEqual(calls('features.2.skip'), [[[map], [map]]]);
    assert.deepStrictEqual(calls('features.4'), [[[map], [map]]]);
    assert.deepStrictEqual(calls('heads.a'), [[[[null, 256]], [[null, 2]]]]);
    for (const name of ['heads.b', 'extra.0', 'extra.1', 'unused']) assert.deepStrictEqual(calls(name), [], name);
    assert.deepStrictEqual(trace.outputShapes, [[null, 2]]);
  });

  it('records execution order and provenance, and names recorded calls by function and line', () => {
    const add = byName.get('Tensor.__add__@23')!;
    assert.ok(add, trace.layers.map((l) => l.name).join(', '));
    assert.deepStrictEqual(add.calls[0].inboundLayers, ['features.2.conv', 'features.2.skip']);
    const flatten = byName.get('torch.flatten@41')!;
    assert.deepStrictEqual(flatten.calls[0].inboundLayers, ['features.4']);
    assert.deepStrictEqual(flatten.calls[0].outputShapes, [[null, 256]]);
    const order = trace.layers.flatMap((l) => l.calls.map((c) => [c.order, l.name] as const)).sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    assert.deepStrictEqual(order, [
      'features.0', 'features.1', 'features.2.conv', 'features.2.skip', 'Tensor.__add__@23', 'features.1',
      'Tensor.__mul__@13', 'features.4', 'torch.flatten@41', 'heads.a',
    ]);
    assert.deepStrictEqual(byName.get('features.0')!.calls[0].inboundLayers, ['input']);
  });

  it('numbers a second call of the same function on one line', () => {
    const { trace: t } = analyzeStatic(['# input: 4', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class M(nn.Module):',
      '    def forward(self, x):', '        return F.relu(F.relu(x))'].join('\n'));
    // M has no submodules: it is itself the one leaf, named '' as named_modules() names the root.
    assert.deepStrictEqual(t.layers.map((l) => l.name), ['', 'F.relu@6', 'F.relu@6#2']);
  });

  it('merges the batch-2 and batch-3 runs: the batch axis is null wherever it is', () => {
    const { trace: t } = analyzeStatic(['# input: 5x3', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):',
      '        super().__init__()', '        self.rnn = nn.GRU(3, 4)', '    def forward(self, x):', '        return self.rnn(x.transpose(0, 1))'].join('\n'));
    // Sequence-first GRU: output [T, N, H], h_n [layers, N, H].
    assert.deepStrictEqual(t.layers.find((l) => l.name === 'rnn')!.calls[0].outputShapes, [[5, null, 4], [1, null, 4]]);
  });

  it('warns where the batch is merged into another axis (the oracle\'s "N*k"), which the null of the shape cannot say', () => {
    const source = ['# input: 16x4x4', 'import torch.nn as nn', 'class M(nn.Module):', '    def forward(self, x):', '        return x.view(-1, 128)'].join('\n');
    const { trace: t } = analyzeStatic(source);
    // 16·4·4 = 256 elements per sample → 2 rows of 128 per sample: 4 rows at batch 2, 6 at batch 3.
    const view = t.layers.find((l) => l.name === 'Tensor.view@5')!;
    assert.deepStrictEqual(view.calls[0].outputShapes, [[null, 128]]);
    const warnings = t.diagnostics.filter((d) => d.severity === 'warning');
    assert.strictEqual(warnings.length, 1);
    assert.match(warnings[0].message, /dimension 0 is 2·N \(4 at batch 2, 6 at batch 3\)/);
    assert.strictEqual(source.slice(warnings[0].span.from, warnings[0].span.to), 'x.view(-1, 128)');
  });
});

describe('static PyTorch engine: imports and tutorial idioms', () => {
  it('resolves every import form to the catalogue\'s names, and follows OrderedDict Sequentials and num_flat_features', () => {
    const source = [
      '# input: 1x32x32',
      'from collections import OrderedDict',
      'import torch',
      'import torch.nn',
      'from torch import nn as tnn',
      'from torch.nn import Conv2d, functional as Fn',
      'import torch.nn.functional as F',
      '',
      'class Net(torch.nn.Module):',
      '    def __init__(self):',
      '        super(Net, self).__init__()',
      "        self.body = tnn.Sequential(OrderedDict([('conv1', Conv2d(1, 6, 5)), ('relu1', tnn.ReLU())]))",
      '        self.conv2 = torch.nn.Conv2d(6, 16, 5)',
      '        self.fc1 = tnn.Linear(16 * 5 * 5, 120)',
      '',
      '    def forward(self, x):',
      '        x = Fn.max_pool2d(self.body(x), 2)',
      '        x = torch.nn.functional.max_pool2d(F.relu(self.conv2(x)), (2, 2))',
      '        x = x.view(-1, self.num_flat_features(x))',
      '        return torch.relu(self.fc1(x))',
      '',
      '    def num_flat_features(self, x):',
      '        size = x.size()[1:]',
      '        num_features = 1',
      '        for s in size:',
      '            num_features *= s',
      '        return num_features',
    ].join('\n');
    const { trace } = analyzeStatic(source);
    assert.deepStrictEqual(trace.diagnostics, []);
    // 32 − 5 + 1 = 28 → pool 14 → 14 − 5 + 1 = 10 → pool 5: 16·5·5 = 400 features.
    assert.deepStrictEqual(trace.layers.map((l) => [l.name, l.className, l.calls.map((c) => c.outputShapes[0])]), [
      ['body.conv1', 'Conv2d', [[null, 6, 28, 28]]],
      ['body.relu1', 'ReLU', [[null, 6, 28, 28]]],
      ['conv2', 'Conv2d', [[null, 16, 10, 10]]],
      ['fc1', 'Linear', [[null, 120]]],
      ['F.max_pool2d@17', 'F.max_pool2d', [[null, 6, 14, 14]]],
      ['F.relu@18', 'F.relu', [[null, 16, 10, 10]]],
      ['F.max_pool2d@18', 'F.max_pool2d', [[null, 16, 5, 5]]],
      ['Tensor.view@19', 'Tensor.view', [[null, 400]]],
      ['torch.relu@20', 'torch.relu', [[null, 120]]],
    ]);
  });
});

describe('static PyTorch engine: modules built inside forward', () => {
  it('are no layers (PyTorch\'s hooks never see them): the next layer\'s input comes from the layer before', () => {
    const source = ['# input: 4', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.fc = nn.Linear(4, 3)', '        self.out = nn.Linear(3, 2)', '    def forward(self, x):',
      '        return self.out(nn.ReLU()(self.fc(x)))'].join('\n');
    const { trace } = analyzeStatic(source);
    assert.deepStrictEqual(trace.layers.map((l) => l.name), ['fc', 'out']);
    assert.deepStrictEqual(trace.layers[1].calls[0].inboundLayers, ['fc']);
    assert.deepStrictEqual(trace.layers[1].calls[0].inputShapes, [[null, 3]]);
  });
});

describe('static PyTorch engine: frozen parameters', () => {
  it('follows p.requires_grad = False over parameters(), requires_grad_(False) and named_parameters()', () => {
    const source = ['# input: 8', 'import torch', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):',
      '        super().__init__()', '        self.backbone = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8))', '        self.head = nn.Linear(8, 2)',
      '        self.bias = nn.Linear(2, 2)',
      '        for p in self.backbone.parameters():', '            p.requires_grad = False',
      "        for name, p in self.named_parameters():", "            if name == 'bias.bias':", '                p.requires_grad_(False)',
      '        self.opt = torch.optim.SGD(filter(lambda p: p.requires_grad, self.parameters()), lr=0.1)',
      '        self.trainable = sum(p.numel() for p in self.parameters() if p.requires_grad)',
      '    def forward(self, x):', '        return self.bias(self.head(self.backbone(x)))'].join('\n');
    const { trace } = analyzeStatic(source);
    assert.deepStrictEqual(trace.diagnostics, []);
    const frozen = trace.layers.filter((l) => l.kind === 'module').map((l) => [l.name, (l.parameters ?? []).map((p) => `${p.name}${p.requiresGrad === false ? ' frozen' : ''}`)]);
    assert.deepStrictEqual(frozen, [
      ['backbone.0', ['weight frozen', 'bias frozen']], ['backbone.1', ['weight frozen', 'bias frozen']],
      ['head', ['weight', 'bias']], ['bias', ['weight', 'bias frozen']],
    ]);
  });

  it('nn.Module.requires_grad_(False) freezes a whole subtree', () => {
    const source = ['# input: 4', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 2))', 'model[0].requires_grad_(False)'].join('\n');
    const { trace } = analyzeStatic(source);
    assert.deepStrictEqual(trace.layers.map((l) => (l.parameters ?? []).map((p) => p.requiresGrad !== false)), [[false, false], [true, true]]);
  });
});
