// The static engine's Python evaluator, construct by construct, against values derived by hand from Python's rules.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeStatic } from '../../../../../src/core/formats/pytorch/static/analyzeStatic';
import { CORPUS } from './corpusExpected';
import { runPython } from './pythonHarness';

describe('static PyTorch engine: evaluating Python', () => {
  it('keeps int and float apart: / is a float, // floors toward −∞, int() truncates toward 0', () => {
    const py = runPython([
      'a = 7 / 2', 'b = 7 // 2', 'c = -7 // 2', 'd = -7 % 3', 'e = int(2.9)', 'f = int(-2.9)', 'g = 2 ** 10', 'h = 2 ** -1',
      'i = 64 * 1.0', 'j = 6 / 3', 'k = 7.0 // 2', 'l = True + 1', 'm = 1_000', 'n = 0x10', 'o = 1e-1',
    ].join('\n'));
    assert.deepStrictEqual(py.get('a'), { float: 3.5 });
    assert.strictEqual(py.get('b'), 3);
    assert.strictEqual(py.get('c'), -4);
    assert.strictEqual(py.get('d'), 2);
    assert.strictEqual(py.get('e'), 2);
    assert.strictEqual(py.get('f'), -2);
    assert.strictEqual(py.get('g'), 1024);
    assert.deepStrictEqual(py.get('h'), { float: 0.5 });
    assert.deepStrictEqual(py.get('i'), { float: 64 });
    assert.deepStrictEqual(py.get('j'), { float: 2 }, '6 / 3 is 2.0, not 2');
    assert.deepStrictEqual(py.get('k'), { float: 3 });
    assert.strictEqual(py.get('l'), 2);
    assert.strictEqual(py.get('m'), 1000);
    assert.strictEqual(py.get('n'), 16);
    assert.deepStrictEqual(py.get('o'), { float: 0.1 });
  });

  it('math.ceil/floor give ints, math.sqrt a float; torchvision\'s width arithmetic', () => {
    const py = runPython([
      'import math', 'a = math.ceil(24 * 1.25)', 'b = math.floor(7 / 2)', 'c = math.sqrt(16)',
      'planes, base_width, groups = 64, 64, 1', 'width = int(planes * (base_width / 64.0)) * groups',
      'def _make_divisible(v, divisor, min_value=None):',
      '    if min_value is None:', '        min_value = divisor',
      '    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)',
      '    if new_v < 0.9 * v:', '        new_v += divisor', '    return new_v',
      'd = _make_divisible(32 * 0.75, 8)', 'e = _make_divisible(1280 * 1.4, 8)',
    ].join('\n'));
    assert.strictEqual(py.get('a'), 30);
    assert.strictEqual(py.get('b'), 3);
    assert.deepStrictEqual(py.get('c'), { float: 4 });
    assert.strictEqual(py.get('width'), 64);
    // 24 + 4 = 28 → int 28 // 8 * 8 = 24; 24 ≥ 0.9·24.
    assert.strictEqual(py.get('d'), 24);
    // 1792 + 4 → 1796 // 8 * 8 = 1792.
    assert.strictEqual(py.get('e'), 1792);
  });

  it('formats strings with %, f-strings and str.format', () => {
    const py = runPython([
      "a = 'denselayer%d' % (1 + 1)", "b = '%s-%s' % ('x', 3)", "i = 4", "c = f'conv{i}_{i * 2}'", "d = f'{2.5:.2f}'",
      "e = 'layer{}'.format(3)", "f = 'a' 'b'", "g = '%03d' % 7",
    ].join('\n'));
    assert.deepStrictEqual([py.get('a'), py.get('b'), py.get('c'), py.get('d'), py.get('e'), py.get('f'), py.get('g')],
      ['denselayer2', 'x-3', 'conv4_8', '2.50', 'layer3', 'ab', '007']);
  });

  it('binds positional, default, keyword, *args and **kwargs parameters', () => {
    const py = runPython([
      'def f(a, b=2, *args, c=3, **kw):', '    return (a, b, args, c, kw)',
      'x = f(1)', 'y = f(1, 5, 6, 7, c=8, d=9)', "z = f(*[1, 2], **{'c': 0})",
      'def g(n, **kwargs):', '    return h(n, bias=False, **kwargs)',
      'def h(n, bias=True, stride=1):', '    return (n, bias, stride)',
      'w = g(3, stride=2)',
    ].join('\n'));
    assert.deepStrictEqual(py.get('x'), [1, 2, [], 3, {}]);
    assert.deepStrictEqual(py.get('y'), [1, 5, [6, 7], 8, { d: 9 }]);
    assert.deepStrictEqual(py.get('z'), [1, 2, [], 0, {}]);
    assert.deepStrictEqual(py.get('w'), [3, false, 2]);
  });

  it('evaluates lists, tuples, dicts, comprehensions, slicing and unpacking', () => {
    const py = runPython([
      'a = [i * 2 for i in range(5) if i % 2 == 0]', "b = {k: v for k, v in zip('ab', (1, 2))}",
      'c = [(i, j) for i in range(2) for j in range(i + 1)]', 'd = [1, 2, 3, 4][1:3]', 'e = (1, 2, 3)[::-1]',
      'f, *g = [1, 2, 3]', 'h = [0] * 3 + [1]', 'cfg = [64, "M", 128]', 'i = [v for v in cfg if v != "M"]',
      'j = len(cfg)', 'k = sum([1, 2, 3]) + max(4, 9) - min((3, 1))', 'l = list(reversed(range(3)))', 'm = sorted([3, 1, 2])',
      "n = dict(a=1, **{'b': 2})", 'o = [1, 2][-1]', 'p = 3 in (1, 2, 3)', 'q = "x" not in {"x": 1}', 'r = 1; s = r + 1',
    ].join('\n'));
    assert.deepStrictEqual([py.get('r'), py.get('s')], [1, 2], 'statements joined by ;');
    assert.deepStrictEqual(py.get('a'), [0, 4, 8]);
    assert.deepStrictEqual(py.get('b'), { a: 1, b: 2 });
    assert.deepStrictEqual(py.get('c'), [[0, 0], [1, 0], [1, 1]]);
    assert.deepStrictEqual(py.get('d'), [2, 3]);
    assert.deepStrictEqual(py.get('e'), [3, 2, 1]);
    assert.deepStrictEqual([py.get('f'), py.get('g')], [1, [2, 3]]);
    assert.deepStrictEqual(py.get('h'), [0, 0, 0, 1]);
    assert.deepStrictEqual(py.get('i'), [64, 128]);
    assert.strictEqual(py.get('j'), 3);
    assert.strictEqual(py.get('k'), 14);
    assert.deepStrictEqual(py.get('l'), [2, 1, 0]);
    assert.deepStrictEqual(py.get('m'), [1, 2, 3]);
    assert.deepStrictEqual(py.get('n'), { a: 1, b: 2 });
    assert.strictEqual(py.get('o'), 2);
    assert.strictEqual(py.get('p'), true);
    assert.strictEqual(py.get('q'), false);
  });

  it('runs for loops over range, zip and enumerate with break, continue and else; if/elif/else; ternaries; while', () => {
    const py = runPython([
      'total = 0', 'for i, (a, b) in enumerate(zip([1, 2, 3], [10, 20, 30])):', '    if i == 1:', '        continue',
      '    total += a * b', 'found = None', 'for v in range(10):', '    if v * v > 20:', '        found = v', '        break',
      'else:', '    found = -1', 'kind = "small" if total < 50 else "big"', 'x = 5', 'if x < 3:', '    y = 1', 'elif x < 6:',
      '    y = 2', 'else:', '    y = 3', 'n = 0', 'while n < 4:', '    n += 1', 'z = 1 < x <= 5',
    ].join('\n'));
    assert.strictEqual(py.get('total'), 1 * 10 + 3 * 30);
    assert.strictEqual(py.get('found'), 5);
    assert.strictEqual(py.get('kind'), 'big');
    assert.strictEqual(py.get('y'), 2);
    assert.strictEqual(py.get('n'), 4);
    assert.strictEqual(py.get('z'), true);
  });

  it('isinstance on ints, floats, tuples of types and nn modules; lambdas; None checks', () => {
    const py = runPython([
      'import torch.nn as nn', 'a = isinstance(3, int)', 'b = isinstance(3.0, int)', 'c = isinstance((1,), (list, tuple))',
      'conv = nn.Conv2d(1, 2, 3)', 'd = isinstance(conv, nn.Conv2d)', 'e = isinstance(conv, (nn.BatchNorm2d, nn.Linear))',
      'f = isinstance(conv, nn.Module)', 'alpha = 0.5', 'c2 = lambda n: int(n * alpha)', 'g = c2(1024)', 'h = None is None',
      'norm = nn.InstanceNorm2d', 'i = norm == nn.InstanceNorm2d', 'j = norm == nn.BatchNorm2d',
    ].join('\n'));
    assert.deepStrictEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((n) => py.get(n)),
      [true, false, true, true, false, true, 512, true, true, false]);
  });

  it('classes: class attributes, methods, a class passed as an argument, super().__init__, isinstance of the file\'s classes', () => {
    const py = runPython([
      'class Block:', '    expansion = 4', '    def __init__(self, planes):', '        self.out = planes * self.expansion',
      '    def double(self):', '        return self.out * 2',
      'class Wide(Block):', '    expansion = 8', '    def __init__(self, planes, extra=1):', '        super().__init__(planes)',
      '        self.extra = extra',
      'def make(block, planes):', '    return block(planes)',
      'a = make(Block, 16).out', 'w = make(Wide, 16)', 'b = w.out', 'c = w.double()', 'd = Wide.expansion',
      'e = isinstance(w, Block)', 'f = isinstance(make(Block, 1), Wide)', 'g = w.extra',
      'class P:', '    def __init__(self):', '        self.n = 3', '    @property', '    def twice(self):', '        return self.n * 2',
      '    @staticmethod', '    def one():', '        return 1',
      'h = P().twice', 'i = P().one()',
    ].join('\n'));
    assert.deepStrictEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((n) => py.get(n)), [64, 128, 256, 8, true, false, 1, 6, 1]);
  });

  it('says what it cannot follow, at that spot, and leaves what depends on it unknown', () => {
    const source = ['import numpy as np', 'a = np.prod([2, 3])', 'b = a * 2', 'if b > 3:', '    c = 1', 'else:', '    c = 2', 'd = undefined_name + 1'].join('\n');
    const py = runPython(source);
    assert.ok(typeof py.get('b') === 'object' && py.get('b') !== null && 'unknown' in (py.get('b') as object), 'b depends on numpy');
    assert.ok('unknown' in (py.get('c') as object), 'c is assigned under an undecidable if');
    const at = (d: { span: { from: number; to: number } }) => source.slice(d.span.from, d.span.to);
    const spots = py.diagnostics.map(at);
    assert.ok(spots.includes('b > 3'), JSON.stringify(py.diagnostics));
    assert.ok(spots.includes('undefined_name'), JSON.stringify(py.diagnostics));
    assert.ok(py.diagnostics.every((d) => d.severity === 'warning'));
  });

  it('reports what Python itself raises, and a reached raise statement', () => {
    const source = ['x = [1, 2][5]', 'def f(a):', '    raise ValueError("no")', 'y = f(1)'].join('\n');
    const py = runPython(source);
    const errors = py.diagnostics.filter((d) => d.severity === 'error').map((d) => source.slice(d.span.from, d.span.to));
    assert.deepStrictEqual(errors, ['x = [1, 2][5]', 'raise ValueError("no")']);
  });
});

describe('static PyTorch engine: hostile or unfinished code', () => {
  const timed = (source: string) => {
    const t0 = performance.now();
    const { trace } = analyzeStatic(source);
    return { ms: performance.now() - t0, messages: trace.diagnostics.map((d) => `${d.severity}: ${d.message}`) };
  };

  it('stops at its limits instead of hanging: deep recursion, endless loops, huge ranges and repetitions', () => {
    for (const [source, expected] of [
      ['def f():\n    return f()\nx = f()', /calls nest deeper than 120/],
      ['while True:\n    pass', /did not end within 10,000 iterations/],
      ['for i in range(10**9):\n    pass', /1,000,000,000 items, more than the static engine follows/],
      ['n = 0\nfor i in range(90000):\n    n += 1\n    n += 1\n    n += 1\n    n += 1\n    n += 1\n    n += 1', /Stopped: the file's code runs more than 500,000 statements/],
    ] as const) {
      const r = timed(source);
      assert.ok(r.messages.some((m) => expected.test(m)), `${source}: ${r.messages.join(' | ')}`);
      assert.ok(r.ms < 5000, `${source}: ${r.ms} ms`);
    }
    for (const source of ['x = [1] * 10**8\ny = len(x)', 's = "a" * 10**9']) {
      const r = timed(source);
      assert.ok(r.ms < 1000, `${source}: ${r.ms} ms`);
      assert.ok(!r.messages.some((m) => m.startsWith('error')), r.messages.join(' | '));
    }
  });

  it('keeps what it can while a line is half typed', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'resnet18_torchvision.py'), 'utf8')
      .replace('self.layer3 = self._make_layer(block, 256, layers[2], stride=2)', 'self.layer3 = self._make_layer(block, 256, layers[2], stri');
    const { trace } = analyzeStatic(text);
    const names = trace.layers.map((l) => l.name);
    for (const name of ['conv1', 'layer1.0.conv1', 'layer2.1.bn2']) assert.ok(names.includes(name), name);
    assert.ok(trace.diagnostics.every((d) => d.severity !== 'error'), JSON.stringify(trace.diagnostics));
  });
});
