// The editor's view of a PyTorch analysis: which code each hover and inlay hint belongs to, and what it says, on the
// blitz LeNet (lenet_blitz_functional.py) with PyTorch's own shapes and parameter counts (the oracle's recorded
// answer) and MACs and memory derived by hand below.
import { strict as assert } from 'node:assert';
import { traceToAnalysis, type TorchTrace } from '../../../../src/core/formats/pytorch';
import { PyTorchModelView } from '../../../../src/extension/pytorch/faces/pytorchModelView';
import { oracleTrace } from './oracleTrace';

// MACs per sample: conv = C_out·H_out·W_out·C_in·k·k; linear = in·out.
const MACS = {
  conv1: 6 * 28 * 28 * 1 * 5 * 5, // 117,600
  conv2: 16 * 10 * 10 * 6 * 5 * 5, // 240,000
  fc1: 400 * 120,
  fc2: 120 * 84,
  fc3: 84 * 10,
};
const PARAMETERS = {
  conv1: [{ name: 'weight', shape: [6, 1, 5, 5] }, { name: 'bias', shape: [6] }],
  conv2: [{ name: 'weight', shape: [16, 6, 5, 5] }, { name: 'bias', shape: [16] }],
  fc1: [{ name: 'weight', shape: [120, 400] }, { name: 'bias', shape: [120] }],
  fc2: [{ name: 'weight', shape: [84, 120] }, { name: 'bias', shape: [84] }],
  fc3: [{ name: 'weight', shape: [10, 84] }, { name: 'bias', shape: [10] }],
};

function view(trace: TorchTrace, text: string): PyTorchModelView {
  return new PyTorchModelView({ analysis: traceToAnalysis(trace, { batchSize: 100, dtype: 'float32', optimizer: 'adam' }), trace, candidates: [] }, text);
}

describe('PyTorchModelView (blitz LeNet, PyTorch 1.13.1\'s shapes)', () => {
  const { text, trace, oracle } = oracleTrace('lenet_blitz_functional.py', { macs: MACS, parameters: PARAMETERS });
  const v = view(trace, text);
  const at = (needle: string, delta = 0) => {
    const i = text.indexOf(needle);
    assert.ok(i >= 0, needle);
    return i + delta;
  };

  it('an inlay hint after each construction with PyTorch\'s output shape and parameter count, and after each call', () => {
    const hints = v.inlaysIn(0, text.length);
    const byText = new Map(hints.map((h) => [text.slice(0, h.offset).split('\n').pop()!.trim(), h.label]));
    for (const layer of oracle.layers) {
      const construction = text.slice(0, trace.layers.find((l) => l.name === layer.name)!.span!.to).split('\n').pop()!.trim();
      const [, c, h, w] = layer.calls[0].outputShapes[0]!;
      const shape = layer.className === 'Conv2d' ? `[N, ${c}, ${h}, ${w}]` : `[N, ${c}]`;
      assert.equal(byText.get(construction), `→ ${shape} · ${layer.trainableParams.toLocaleString('en-US')} params`, construction);
    }
    assert.equal(byText.get('self.conv1 = nn.Conv2d(1, 6, 5)'), '→ [N, 6, 28, 28] · 156 params');
    assert.equal(byText.get('self.fc1 = nn.Linear(16 * 5 * 5, 120)'), '→ [N, 120] · 48,120 params');
    assert.equal(byText.get('x = F.max_pool2d(F.relu(self.conv1(x)'), '→ [N, 6, 28, 28]');
    assert.equal(hints.length, 10, '5 constructions + 5 calls');
  });

  it('only the hints whose anchor is in the asked range', () => {
    const start = at('self.conv2 = ');
    const end = at('self.fc1 = ');
    assert.deepEqual(v.inlaysIn(start, end).map((h) => h.label), ['→ [N, 16, 10, 10] · 2,416 params']);
  });

  it('hover on the attribute of `self.conv1 = nn.Conv2d(…)`: shapes, parameters, MACs and memory per sample and batch', () => {
    const hover = v.hoverAt(at('self.conv1 =', 6), { batchSize: 100, dtype: 'float32' })!;
    assert.ok(hover);
    assert.equal(text.slice(hover.span.from, hover.span.to), 'nn.Conv2d(1, 6, 5)');
    const md = hover.markdown;
    assert.match(md, /^\*\*conv1\*\* · `Conv2d` · PyTorch 1\\\.13\\\.1 · meta device/);
    assert.ok(md.includes('`[N, 1, 32, 32]` → `[N, 6, 28, 28]`'), md);
    assert.ok(md.includes('| Parameters | 156 trainable — weight `[6, 1, 5, 5]`, bias `[6]` |'), md);
    assert.ok(md.includes('| MACs | 117,600 per sample (118 k) |'), md);
    // 6·28·28 = 4,704 floats · 4 B = 18,816 B = 18.4 KiB per sample; ×100 = 1,881,600 B = 1.79 MiB.
    assert.ok(md.includes('| Activation memory | 18.4 KiB per sample · 1.79 MiB per batch of 100 (float32) |'), md);
  });

  it('hover on a call nested in F.max_pool2d(F.relu(…)): the innermost layer, that call', () => {
    const hover = v.hoverAt(at('self.conv2(x)', 6), { batchSize: 32, dtype: 'float16' })!;
    assert.equal(text.slice(hover.span.from, hover.span.to), 'self.conv2(x)');
    assert.ok(hover.markdown.includes('`[N, 6, 14, 14]` → `[N, 16, 10, 10]`'));
    // 16·10·10 = 1,600 halves · 2 B = 3,200 B = 3.13 KiB; ×32 = 102,400 B = 100 KiB.
    assert.ok(hover.markdown.includes('3.13 KiB per sample · 100 KiB per batch of 32 (float16)'), hover.markdown);
  });

  it('no hover away from layers (a comment, the forward signature)', () => {
    assert.equal(v.hoverAt(at('# an affine operation'), { batchSize: 1, dtype: 'float32' }), undefined);
    assert.equal(v.hoverAt(at('def forward'), { batchSize: 1, dtype: 'float32' }), undefined);
  });

  it('the dashboard link names the layer', () => {
    const hover = v.hoverAt(at('self.fc3 ='), { batchSize: 1, dtype: 'float32', dashboardLink: (layer) => `command:x?${layer}` })!;
    assert.ok(hover.markdown.endsWith('[Open in CNN Explorer dashboard](command:x?fc3)'));
  });
});

describe('PyTorchModelView: one module called twice (CIFAR tutorial Net\'s pool)', () => {
  const { text, trace } = oracleTrace('cifar_tutorial_view.py');
  const v = view(trace, text);

  it('hover on each call of the shared pool shows that call\'s shapes', () => {
    const first = text.indexOf('self.pool(');
    const second = text.indexOf('self.pool(', first + 1);
    const one = v.hoverAt(first + 1, { batchSize: 1, dtype: 'float32' })!;
    const two = v.hoverAt(second + 1, { batchSize: 1, dtype: 'float32' })!;
    assert.ok(one.markdown.includes('call 1 of 2') && one.markdown.includes('`[N, 6, 28, 28]` → `[N, 6, 14, 14]`'), one.markdown);
    assert.ok(two.markdown.includes('call 2 of 2') && two.markdown.includes('`[N, 16, 10, 10]` → `[N, 16, 5, 5]`'), two.markdown);
  });

  it('the pool\'s construction hint is its first call\'s output, 0 params', () => {
    const construction = trace.layers.find((l) => l.name === 'pool')!.span!;
    const hint = v.inlaysIn(construction.to, construction.to);
    assert.deepEqual(hint.map((h) => h.label), ['→ [N, 6, 14, 14] · 0 params']);
  });
});
