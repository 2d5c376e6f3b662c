// The PyTorch engine with the real interpreter: /usr/bin/python3 and Debian's python3-torch 1.13.1 (npm test installs
// it when missing). The oracle is PyTorch itself: test/fixtures/pytorch-corpus/expected/*.json, recorded by
// scripts/oracle/pytorch_shapes.py. Every leaf's name, class, calls' shapes, parameters and buffers must be equal.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { analyzePyTorchSource, joinNotebookCells, traceToAnalysis, type TorchTrace } from '../../../src/core/formats/pytorch';
import { runPyTorchEngine, stopPyTorchEngines, TorchEngineError } from '../../../src/pytorchEngine';

const PYTHON = '/usr/bin/python3';
const CORPUS = resolve(__dirname, '../../fixtures/pytorch-corpus');

type OracleShape = (number | null)[] | { tuple: OracleShape[] } | { type: string };
interface OracleLayer {
  name: string;
  className: string;
  calls: { inputShapes: OracleShape[]; outputShapes: OracleShape[] }[];
  trainableParams: number;
  nonTrainableParams: number;
  bufferElements: number;
  buffers: { name: string; shape: number[]; dtype: string }[];
}
interface Oracle {
  layers: OracleLayer[];
  output?: OracleShape;
  totals: { trainableParams: number; bufferElements: number };
  error?: { message: string; module: string | null; line: number | null };
}

/** Tensors of a recorded value in order, tuples flattened (as the engine's hooks flatten them); non-tensors dropped. */
function flat(shapes: readonly OracleShape[]): (number | null)[][] {
  return shapes.flatMap((s) => (Array.isArray(s) ? [s] : 'tuple' in s ? flat(s.tuple) : []));
}

/** The corpus header `# input: 1x28x28` (`int64` for token ids), read as the oracle reads it. */
function header(text: string): { shape: number[]; dtype: string } {
  const line = /^#\s*input:\s*(.+)$/m.exec(text)![1];
  const dtype = /\bint64\s*$/.test(line) ? 'int64' : 'float32';
  return { shape: [...line.replace(/int64\s*$/, '').matchAll(/\d+/g)].map((m) => Number(m[0])), dtype };
}

function source(file: string): { text: string; fileName: string } {
  const path = join(CORPUS, file);
  if (!file.endsWith('.ipynb')) return { text: readFileSync(path, 'utf8'), fileName: path };
  const nb = JSON.parse(readFileSync(path, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  const cells = nb.cells.map((c) => ({ text: Array.isArray(c.source) ? c.source.join('') : c.source, language: c.cell_type === 'code' ? 'python' : 'markdown' }));
  return { text: joinNotebookCells(cells).text, fileName: path };
}

async function inspect(file: string, extra: { entry?: string } = {}): Promise<TorchTrace> {
  const { text, fileName } = source(file);
  const input = header(text);
  const { trace } = await runPyTorchEngine({
    python: PYTHON, text, fileName, inputShape: input.shape, inputDtype: input.dtype, inputSource: 'comment', timeoutMs: 120_000, ...extra,
  });
  return trace;
}

function oracle(file: string): Oracle {
  const folder = file.startsWith('broken/') ? 'expected/broken' : 'expected';
  return JSON.parse(readFileSync(join(CORPUS, folder, `${basename(file)}.json`), 'utf8')) as Oracle;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function compareWithOracle(trace: TorchTrace, expected: Oracle): void {
  const modules = trace.layers.filter((l) => l.kind === 'module');
  assert.deepEqual(modules.map((l) => l.name), expected.layers.map((l) => l.name));
  modules.forEach((l, i) => {
    const want = expected.layers[i];
    assert.equal(l.className, want.className, l.name);
    assert.equal(l.parameters!.reduce((s, p) => s + product(p.shape), 0), want.trainableParams + want.nonTrainableParams, `${l.name} parameters`);
    assert.deepEqual(l.buffers, want.buffers, `${l.name} buffers`);
    assert.deepEqual(
      l.calls.map((c) => ({ inputShapes: c.inputShapes, outputShapes: c.outputShapes })),
      want.calls.map((c) => ({ inputShapes: flat(c.inputShapes), outputShapes: flat(c.outputShapes) })),
      `${l.name} calls`,
    );
  });
}

const corpusFiles = readdirSync(CORPUS).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')).sort();
const brokenFiles = readdirSync(join(CORPUS, 'broken')).filter((f) => f.endsWith('.py')).sort();

describe('PyTorch engine on the corpus (real /usr/bin/python3 + torch)', function () {
  this.timeout(180_000);
  after(() => stopPyTorchEngines());

  it('has the 34 models and 8 broken files', () => {
    assert.equal(corpusFiles.length, 34);
    assert.equal(brokenFiles.length, 8);
  });

  for (const file of corpusFiles) {
    it(`${file}: every leaf equals PyTorch's hooks`, async () => {
      const trace = await inspect(file);
      const expected = oracle(file);
      compareWithOracle(trace, expected);
      assert.equal(trace.engine, 'pytorch');
      assert.match(trace.torchVersion!, /^1\.13\.0a0 \(python3-torch 1\.13\.1/);
      assert.deepEqual(trace.outputShapes, flat([expected.output!]));
      assert.deepEqual(trace.diagnostics.filter((d) => d.severity === 'error'), []);
      const analysis = traceToAnalysis(trace);
      assert.equal(analysis.totals.params, expected.totals.trainableParams);
      assert.equal(analysis.layers.reduce((s, l) => s + (l.buffers ?? 0), 0), expected.totals.bufferElements);
      // The catalogue knows every class of the corpus (an empty nn.Sequential() is the identity): MACs are all known.
      assert.notEqual(analysis.totals.macs, null);
      assert.ok(Number.isFinite(analysis.memory.trainingPeakBytes));
    });
  }

  it('video_conv3d.py: MaxPool3d runs on CPU zeros (the meta device of 1.13 cannot) and says so', async () => {
    const trace = await inspect('video_conv3d.py');
    const fallbacks = trace.diagnostics.filter((d) => /ran on CPU zeros/.test(d.message));
    assert.deepEqual(fallbacks.map((d) => d.layer), ['3', '7']);
    assert.match(fallbacks[0].message, /^3 \(MaxPool3d\) cannot run on the meta device .*max_pool3d_with_indices/);
  });

  it('spans: a construction and its call in forward, from Python 3.11 positions', async () => {
    const trace = await inspect('cifar_tutorial_view.py');
    const { text } = source('cifar_tutorial_view.py');
    const conv1 = trace.layers.find((l) => l.name === 'conv1')!;
    assert.equal(text.slice(conv1.span!.from, conv1.span!.to), 'nn.Conv2d(3, 6, 5)');
    assert.equal(text.slice(conv1.calls[0].span!.from, conv1.calls[0].span!.to), 'self.conv1(x)');
    const pool = trace.layers.find((l) => l.name === 'pool')!;
    assert.deepEqual(pool.calls.map((c) => text.slice(c.span!.from, c.span!.to)), ['self.pool(F.relu(self.conv1(x)))', 'self.pool(F.relu(self.conv2(x)))']);
    // pool consumes F.relu(self.conv1(x)): the recorded functional call, as the static engine records it.
    assert.deepEqual(pool.calls.map((c) => c.inboundLayers), [['F.relu@19'], ['F.relu@20']]);
    assert.equal(trace.entry?.name, 'Net');
    assert.equal(text.slice(trace.entry!.span!.from, trace.entry!.span!.to), 'Net');
  });

  it('spans after non-ASCII text on the same line (Python counts UTF-8 bytes, the editor UTF-16 units)', async () => {
    const text = 'import torch.nn as nn\nnet = nn.Sequential(nn.Identity() if "é 🙂" else None, nn.Conv2d(1, 2, 3))\n';
    const { trace } = await runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/unicode.py', inputShape: [1, 8, 8], timeoutMs: 120_000 });
    assert.deepEqual(trace.layers.map((l) => text.slice(l.span!.from, l.span!.to)), ['nn.Identity()', 'nn.Conv2d(1, 2, 3)']);
  });

  it('records the functions forward calls (F.relu, x.view, operators) as the static engine names them', async () => {
    const cifar = await inspect('cifar_tutorial_view.py');
    const calls = cifar.layers.filter((l) => l.kind === 'call');
    // conv1 [N,6,28,28] → relu → pool [N,6,14,14] → conv2 [N,16,10,10] → relu → pool [N,16,5,5] → view(-1, 400) → …
    assert.deepEqual(calls.map((l) => [l.name, l.calls[0].outputShapes, l.calls[0].inboundLayers, l.calls[0].macs]), [
      ['F.relu@19', [[null, 6, 28, 28]], ['conv1'], 0],
      ['F.relu@20', [[null, 16, 10, 10]], ['conv2'], 0],
      ['Tensor.view@21', [[null, 400]], ['pool'], 0],
      ['F.relu@22', [[null, 120]], ['fc1'], 0],
      ['F.relu@23', [[null, 84]], ['fc2'], 0],
    ]);
    assert.deepEqual(cifar.layers.find((l) => l.name === 'fc1')!.calls[0].inboundLayers, ['Tensor.view@21']);
    // `y = x * y.expand_as(x)` is the operator __mul__ and `out += shortcut` __iadd__, not the methods PyTorch hands over.
    const se = await inspect('squeeze_excitation.py');
    const names = se.layers.filter((l) => l.kind === 'call').map((l) => l.name);
    assert.ok(names.includes('Tensor.__mul__@23') && names.includes('Tensor.__iadd__@43') && names.includes('Tensor.expand_as@23'), names.join(' '));
    // x * y on [N,C,H,W]: one product per output element (elements per sample of the first SE block's output).
    const mul = se.layers.find((l) => l.name === 'Tensor.__mul__@23')!.calls[0];
    assert.equal(mul.macs, mul.outputShapes[0]!.slice(1).reduce((a, b) => a! * b!, 1));
  });

  it('the same model gives the same memory from both engines (cifar_tutorial_view.py)', async () => {
    const exact = traceToAnalysis(await inspect('cifar_tutorial_view.py'));
    const stat = analyzePyTorchSource(source('cifar_tutorial_view.py').text).analysis;
    assert.deepEqual(exact.memory, stat.memory);
    assert.deepEqual(exact.totals, stat.totals);
    assert.deepEqual(exact.layers.map((l) => l.name), stat.layers.map((l) => l.name));
  });

  it('a frozen layer\'s parameters are non-trainable', async () => {
    const text = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))\nfor p in model[0].parameters():\n    p.requires_grad = False\n';
    const { trace } = await runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/frozen.py', inputShape: [4], timeoutMs: 120_000 });
    const a = traceToAnalysis(trace);
    // Linear(4, 3): 4·3 + 3 = 15 frozen; Linear(3, 2): 3·2 + 2 = 8 trainable.
    assert.deepEqual(a.layers.filter((l) => !l.synthetic).map((l) => [l.name, l.trainableParams, l.nonTrainableParams]), [['0', 0, 15], ['1', 8, 0]]);
    assert.deepEqual(a.totals, { params: 23, trainableParams: 8, nonTrainableParams: 15, macs: 12 + 6 });
  });

  it('a view that merges the batch into a dimension: shown as N like the batch, with a warning saying what it is', async () => {
    // [N, 5, 8] → view(-1, 8) → [5·N, 8]: at batch 2 10 rows, at batch 3 15.
    const text = 'import torch.nn as nn\n\nclass Rows(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n        return self.fc(x.view(-1, 8))\n';
    const { trace } = await runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/rows.py', inputShape: [5, 8], timeoutMs: 120_000 });
    const view = trace.layers.find((l) => l.name === 'Tensor.view@9')!;
    assert.deepEqual(view.calls[0].outputShapes, [[null, 8]]);
    assert.deepEqual(trace.layers.find((l) => l.name === 'fc')!.calls[0].outputShapes, [[null, 2]]);
    const warnings = trace.diagnostics.filter((d) => d.severity === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(trace.diagnostics));
    assert.equal(warnings[0].layer, 'Tensor.view@9');
    assert.match(warnings[0].message, /dimension 0 of an output of Tensor\.view at line 9 \(call 1\) is 5·N \(10 at batch 2, 15 at batch 3\): shown as N, it is not the batch/);
    assert.equal(text.slice(warnings[0].span.from, warnings[0].span.to), 'x.view(-1, 8)');
  });

  it('picks the entry as the static engine does: of several outermost classes, the last one built without arguments', async () => {
    const text = [
      'import torch.nn as nn', '', 'class Small(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.fc = nn.Linear(4, 2)', '', '    def forward(self, x):', '        return self.fc(x)', '',
      'class Configurable(nn.Module):', '    def __init__(self, width):', '        super().__init__()',
      '        self.fc = nn.Linear(4, width)', '', '    def forward(self, x):', '        return self.fc(x)', '',
    ].join('\n');
    const { trace } = await runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/two_models.py', inputShape: [4], timeoutMs: 120_000 });
    assert.deepEqual(trace.entry, { name: 'Small', kind: 'class', className: 'Small', span: { from: text.indexOf('Small'), to: text.indexOf('Small') + 5 } });
    const picked = await runPyTorchEngine({ python: PYTHON, text: text + 'model = Configurable(3)\n', fileName: '/tmp/two_models.py', inputShape: [4], timeoutMs: 120_000 });
    assert.deepEqual(picked.trace.layers[0].calls[0].outputShapes, [[null, 3]]);
  });

  it('MACs and derivations from the catalogue on PyTorch shapes (lenet_sequential.py)', async () => {
    const trace = await inspect('lenet_sequential.py');
    const macs = new Map(trace.layers.map((l) => [l.name, l.calls[0].macs]));
    // conv 0: 28·28 positions · 6 filters · 5·5·1 = 117,600; conv 3: 10·10 · 16 · 5·5·6 = 240,000; Linear 400→120: 48,000.
    assert.equal(macs.get('0'), 117_600);
    assert.equal(macs.get('3'), 240_000);
    assert.equal(macs.get('7'), 48_000);
    assert.ok(trace.layers[0].calls[0].derivation.length > 0);
    assert.deepEqual(trace.layers.map((l) => l.calls[0].inboundLayers), [['input'], ['0'], ['1'], ['2'], ['3'], ['4'], ['5'], ['6'], ['7'], ['8'], ['9'], ['10']]);
  });

  for (const file of brokenFiles) {
    it(`broken/${file}: PyTorch's error, on its line or on the failing module's construction`, async () => {
      const trace = await inspect(`broken/${file}`);
      const expected = oracle(`broken/${file}`).error!;
      const errors = trace.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1);
      const [error] = errors;
      assert.ok(error.message.includes(expected.message), `${error.message} should contain ${expected.message}`);
      const { text } = source(`broken/${file}`);
      if (expected.line !== null) {
        const lineOfSpan = text.slice(0, error.span.from).split('\n').length;
        assert.equal(lineOfSpan, expected.line);
      } else {
        const failing = trace.layers.find((l) => l.name === expected.module)!;
        assert.deepEqual(error.span, failing.span);
      }
      if (expected.module) assert.equal(error.layer, expected.module);
    });
  }
});

describe('PyTorch engine: user code that talks to the terminal', function () {
  this.timeout(180_000);
  after(() => stopPyTorchEngines());

  it('prints go elsewhere, and input() meets an empty stdin instead of eating the next request', async () => {
    const text = 'import torch.nn as nn\nprint("hello from the model file")\nmodel = nn.Linear(4, 2)\nname = input()\n';
    const first = runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/talks.py', inputShape: [4], timeoutMs: 120_000 });
    const second = runPyTorchEngine({ python: PYTHON, text: 'import torch.nn as nn\nmodel = nn.Linear(4, 2)\n', fileName: '/tmp/quiet.py', inputShape: [4], timeoutMs: 120_000 });
    const [a, b] = await Promise.all([first, second]);
    const error = a.trace.diagnostics.find((d) => d.severity === 'error')!;
    assert.equal(error.message, 'EOFError: EOF when reading a line');
    assert.equal(text.slice(error.span.from, error.span.to), 'input()');
    // The root module is the leaf: named_modules() calls it ''. nn.Linear(4, 2): 2·4 + 2 = 10 parameters.
    assert.deepEqual(b.trace.layers.map((l) => [l.name, l.calls[0].outputShapes]), [['', [[null, 2]]]]);
  });
});

describe('PyTorch engine: when there is no answer', function () {
  this.timeout(180_000);
  afterEach(() => stopPyTorchEngines());

  it('stops a model whose __init__ runs past the timeout, and answers again afterwards', async () => {
    const text = readFileSync(join(CORPUS, 'lenet_sequential.py'), 'utf8');
    await runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/warm.py', inputShape: [1, 28, 28], timeoutMs: 120_000 }); // torch imported
    const sleepy = 'import time\nimport torch.nn as nn\n\nclass Slow(nn.Module):\n    def __init__(self):\n        super().__init__()\n        time.sleep(60)\n';
    const started = Date.now();
    await assert.rejects(
      runPyTorchEngine({ python: PYTHON, text: sleepy, fileName: '/tmp/slow.py', inputShape: [4], timeoutMs: 2000 }),
      (err: unknown) => err instanceof TorchEngineError && err.kind === 'timeout' && /within 2 s/.test(err.message),
    );
    assert.ok(Date.now() - started < 10_000, 'the timeout fires at 2 s, not when __init__ returns');
    const again = await runPyTorchEngine({ python: PYTHON, text, fileName: '/tmp/again.py', inputShape: [1, 28, 28], timeoutMs: 120_000 });
    assert.equal(again.trace.layers.length, 12);
  });

  it('says how to install torch when the interpreter has none', async () => {
    // A real interpreter without torch: Debian's python3 with -S does not add dist-packages (where python3-torch is).
    const dir = mkdtempSync(join(tmpdir(), 'cnn-no-torch-'));
    const python = join(dir, 'python-without-site');
    writeFileSync(python, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    chmodSync(python, 0o755);
    await assert.rejects(
      runPyTorchEngine({ python, text: 'x = 1\n', fileName: '/tmp/x.py', inputShape: null, timeoutMs: 60_000 }),
      (err: unknown) => err instanceof TorchEngineError && err.kind === 'torch-missing' && /No module named 'torch'/.test(err.message) && /-m pip install torch/.test(err.message),
    );
  });

  it('says when Python cannot be started', async () => {
    await assert.rejects(
      runPyTorchEngine({ python: '/nonexistent/python3', text: 'x = 1\n', fileName: '/tmp/x.py', inputShape: null, timeoutMs: 60_000 }),
      (err: unknown) => err instanceof TorchEngineError && err.kind === 'python-missing' && /"\/nonexistent\/python3" was not found/.test(err.message),
    );
  });
});
