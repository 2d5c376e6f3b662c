// Which model is analysed (issue #12: the last module-level instance, else the outermost nn.Module class, or the one
// the user picks) and the input shape (the `# input:` comment, the option that overrides it, or none).
import * as assert from 'assert';
import { readInputShapeComment } from '../../../../../src/core/formats/pytorch';
import { analyzeStatic } from '../../../../../src/core/formats/pytorch/static/analyzeStatic';

const CLASSES = `import torch.nn as nn


class Inner(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(x)


class Outer(nn.Module):
    def __init__(self, width=4):
        super().__init__()
        self.inner = Inner()
        self.head = nn.Linear(3, width)

    def forward(self, x):
        return self.head(self.inner(x))


class Standalone(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.fc = nn.Linear(n, 1)

    def forward(self, x):
        return self.fc(x)
`;

describe('static PyTorch engine: the entry and the input shape', () => {
  it('without an instance: the outermost classes are the ones no other class names; the last buildable one is the default', () => {
    const { candidates, trace: outer } = analyzeStatic(`# input: 4\n${CLASSES}`);
    // Outer and Standalone are outermost (Outer names Inner); Standalone needs an argument, so Outer is the default.
    assert.deepStrictEqual(candidates.map((c) => [c.name, c.kind, c.isDefault]), [
      ['Inner', 'class', false], ['Outer', 'class', true], ['Standalone', 'class', false],
    ]);
    assert.deepStrictEqual(outer.outputShapes, [[null, 4]]);
    // Picked anyway, a class that needs arguments is reported on its name, not guessed.
    const { trace } = analyzeStatic(`# input: 4\n${CLASSES}`, { entry: 'Standalone' });
    assert.strictEqual(trace.entry?.name, 'Standalone');
    assert.deepStrictEqual(trace.layers, []);
    const [d] = trace.diagnostics;
    assert.strictEqual(d.severity, 'error');
    assert.match(d.message, /missing required argument: 'n'/);
  });

  it('a module-level instance is the default; entry picks a class instead', () => {
    const text = `# input: 4\n${CLASSES}\nmodel = Outer(width=6)\n`;
    const byDefault = analyzeStatic(text);
    assert.deepStrictEqual(byDefault.candidates.filter((c) => c.isDefault).map((c) => [c.name, c.kind]), [['model', 'instance']]);
    assert.deepStrictEqual(byDefault.trace.entry && [byDefault.trace.entry.name, byDefault.trace.entry.className], ['model', 'Outer']);
    assert.deepStrictEqual(byDefault.trace.outputShapes, [[null, 6]]);
    const picked = analyzeStatic(text, { entry: 'Outer' });
    assert.deepStrictEqual(picked.trace.outputShapes, [[null, 4]], 'the class built with no arguments: width=4');
    assert.deepStrictEqual(picked.trace.layers.filter((l) => l.kind === 'module').map((l) => l.name), ['inner.fc', 'head']);
  });

  it('an instance rebound to something else is no candidate', () => {
    const { candidates } = analyzeStatic(`${CLASSES}\nmodel = Outer()\nmodel = 3\nnet = Inner()\n`);
    assert.deepStrictEqual(candidates.filter((c) => c.kind === 'instance').map((c) => c.name), ['net']);
  });

  it('reads the # input: comment in each written form', () => {
    const read = (line: string) => {
      const r = readInputShapeComment(`import torch\n${line}\n`);
      return r && { shape: r.shape, dtype: r.dtype, text: `import torch\n${line}\n`.slice(r.span.from, r.span.to) };
    };
    assert.deepStrictEqual(read('# input: 1x28x28'), { shape: [1, 28, 28], dtype: 'float32', text: '1x28x28' });
    assert.deepStrictEqual(read('# input: (1, 28, 28)'), { shape: [1, 28, 28], dtype: 'float32', text: '(1, 28, 28)' });
    assert.deepStrictEqual(read('#input:1x16000'), { shape: [1, 16000], dtype: 'float32', text: '1x16000' });
    assert.deepStrictEqual(read('# input: 50 int64'), { shape: [50], dtype: 'int64', text: '50 int64' });
    assert.deepStrictEqual(read('    # input: 3 × 224 × 224'), { shape: [3, 224, 224], dtype: 'float32', text: '3 × 224 × 224' });
    assert.strictEqual(read('# input: N x 28'), null);
    assert.strictEqual(read('x = 1  # the input: 28'), null);
  });

  it('the inputShape option overrides the comment; null ignores it and still reports parameters and channel chaining', () => {
    const text = `# input: 4\n${CLASSES}\nmodel = Outer()\n`;
    assert.deepStrictEqual(analyzeStatic(text, { inputShape: [7, 4] }).trace.outputShapes, [[null, 7, 4]]);
    const none = analyzeStatic(text, { inputShape: null }).trace;
    assert.strictEqual(none.input.source, 'none');
    assert.deepStrictEqual(none.layers.map((l) => l.parameters?.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)), [4 * 3 + 3, 3 * 4 + 4]);
    const broken = analyzeStatic(['import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Conv2d(16, 8, 3))'].join('\n')).trace;
    assert.strictEqual(broken.input.source, 'none');
    const errors = broken.diagnostics.filter((d) => d.severity === 'error');
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0].message, /16/);
    assert.match(errors[0].message, /6 channels/);
    assert.deepStrictEqual(errors[0].fixes?.[0].edits.map((e) => e.newText), ['6']);
  });

  it('a forward that needs two inputs is not run (a warning, not an error), and its parameters are still counted', () => {
    const source = ['# input: 3x8x8', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.a = nn.Conv2d(3, 4, 3)', '    def forward(self, x, y):', '        return self.a(x) + y'].join('\n');
    const { trace } = analyzeStatic(source);
    assert.deepStrictEqual(trace.diagnostics.map((d) => d.severity), ['warning']);
    assert.match(trace.diagnostics[0].message, /takes 2 inputs \(x, y\)/);
    assert.deepStrictEqual(trace.layers.map((l) => [l.name, l.calls.length, l.parameters?.length]), [['a', 0, 2]]);
  });

  it('a model that returns a dict: its output shapes are the values\'', () => {
    const source = ['# input: 3x8x8', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.a = nn.Conv2d(3, 4, 3)', '    def forward(self, x):', "        return {'features': self.a(x), 'input': x}"].join('\n');
    // 8 − 3 + 1 = 6.
    assert.deepStrictEqual(analyzeStatic(source).trace.outputShapes, [[null, 4, 6, 6], [null, 3, 8, 8]]);
  });
});

describe('static PyTorch engine: code that uses the model', () => {
  it('runs module-level method calls (a freeze still counts) without warnings about data loaders and training loops', () => {
    const source = [
      '# input: 1x28x28',
      'import torch',
      'from torch import nn',
      'from torch.utils.data import DataLoader, random_split',
      'from torchvision import datasets',
      'data = datasets.MNIST(root="data", download=True)',
      'train_data, val_data = random_split(data, [50000, 10000], generator=torch.Generator().manual_seed(42))',
      'loader = DataLoader(train_data, batch_size=64)',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.features = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten())',
      '        self.fc = nn.Linear(4 * 26 * 26, 10)',
      '        self.loss_fn = nn.CrossEntropyLoss()',
      '        self.opt = torch.optim.Adam(self.parameters(), lr=1e-3)',
      '    def forward(self, x):',
      '        return self.fc(self.features(x))',
      '    def freeze_features(self):',
      '        for p in self.features.parameters():',
      '            p.requires_grad = False',
      '    def fit(self, epochs):',
      '        for epoch in range(epochs):',
      '            for X, y in loader:',
      '                loss = self.loss_fn(self(X), y)',
      '                self.opt.zero_grad()',
      '                loss.backward()',
      '                self.opt.step()',
      'model = Net()',
      'model.freeze_features()',
      'model.fit(5)',
      'print(model)',
    ].join('\n');
    const { trace } = analyzeStatic(source);
    assert.deepStrictEqual(trace.diagnostics, []);
    assert.strictEqual(trace.entry?.name, 'model');
    // 28 − 3 + 1 = 26: 4·26·26 = 2,704 features.
    assert.deepStrictEqual(trace.outputShapes, [[null, 10]]);
    assert.deepStrictEqual(trace.layers.find((l) => l.name === 'features.0')!.parameters!.map((p) => p.requiresGrad), [false, false]);
    assert.deepStrictEqual(trace.layers.find((l) => l.name === 'fc')!.parameters!.map((p) => p.requiresGrad), [undefined, undefined]);
  });
});
