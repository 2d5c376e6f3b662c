// `cnn-explorer inspect model.py | notebook.ipynb`: all 34 corpus models (test/fixtures/pytorch-corpus), every number
// checked against what PyTorch 1.13.1 recorded for them (expected/*.json, scripts/oracle/pytorch_shapes.py).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { PyTorchInspectJson } from '../../../src/cli/inspectPyTorch';
import { parseShapeArg } from '../../../src/cli/inspectArgs';

const corpus = join(__dirname, '..', '..', 'fixtures', 'pytorch-corpus');

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readFile: (p) => readFileSync(p, 'utf8') });
  if (typeof code !== 'number') throw new Error('the static engine answers synchronously');
  return { code, stdout, stderr };
}

async function runAsync(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readFile: (p) => readFileSync(p, 'utf8') });
  return { code, stdout, stderr };
}

function json(...argv: string[]): { code: number; out: PyTorchInspectJson } {
  const r = run(...argv, '--format', 'json');
  return { code: r.code, out: JSON.parse(r.stdout) as PyTorchInspectJson };
}

interface Oracle {
  input: { shape: (number | null)[] };
  entry: { name: string };
  layers: { name: string; className: string; calls: { outputShapes: unknown[] }[]; trainableParams: number; nonTrainableParams: number; bufferElements: number }[];
  totals: { trainableParams: number; nonTrainableParams: number; bufferElements: number };
  error?: { message: string; line: number | null; module: string };
}

const oracle = (file: string): Oracle => JSON.parse(readFileSync(join(corpus, 'expected', `${file}.json`), 'utf8')) as Oracle;

// Every model of the corpus (33 .py files and the notebook): module-level Sequentials, classes with functional calls,
// notebook cells with a magic, BatchNorm buffers, shared modules, 1-D audio, RNNs, torchvision's ResNets …
const FILES = readdirSync(corpus).filter((f) => /\.(py|ipynb)$/.test(f)).sort();

/** The oracle writes a call's tuple outputs nested (`{ tuple: [...] }`); the trace flattens them in order. */
function flatShapes(shapes: unknown[]): unknown[] {
  return shapes.flatMap((s) => (s !== null && typeof s === 'object' && 'tuple' in s ? flatShapes((s as { tuple: unknown[] }).tuple) : [s]));
}

describe('cnn-explorer inspect on PyTorch sources (PyTorch 1.13.1\'s recorded answers)', function () {
  this.timeout(60000);

  for (const file of FILES) {
    it(`${file}: every leaf module's name, class, output shape, parameters and buffers as PyTorch has them`, () => {
      const expected = oracle(file);
      const { code, out } = json('inspect', join(corpus, file));
      assert.equal(code, 0, JSON.stringify(out.diagnostics));
      assert.equal(out.model.format, 'pytorch');
      assert.equal(out.model.engine, 'static');
      assert.equal(out.model.name, expected.entry.name);
      assert.deepEqual(out.model.input.shape, expected.input.shape.slice(1));
      const byName = new Map(out.layers.map((l) => [l.name, l]));
      for (const leaf of expected.layers) {
        const got = byName.get(leaf.name);
        assert.ok(got, `${file}: leaf ${leaf.name} (${leaf.className}) missing; got ${[...byName.keys()].join(', ')}`);
        assert.equal(got.className, leaf.className, leaf.name);
        assert.deepEqual(got.outputShapes, flatShapes(leaf.calls[0]?.outputShapes ?? []), `${file}: ${leaf.name} output`);
        assert.equal(got.trainableParams, leaf.trainableParams, `${file}: ${leaf.name} params`);
        assert.equal(got.buffers, leaf.bufferElements, `${file}: ${leaf.name} buffers`);
      }
      assert.equal(out.totals.trainableParams, expected.totals.trainableParams);
      // Modules appear once each (recorded functional calls are extra layers, named F.x@line).
      const modules = out.layers.filter((l) => !l.name.includes('@'));
      assert.equal(modules.length, expected.layers.length, modules.map((l) => l.name).join(', '));
    });
  }

  it('the table writes shapes as PyTorch does, batch N, and the input and engine on top', () => {
    const r = run('inspect', join(corpus, 'lenet_blitz_functional.py'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Engine: static analysis/);
    assert.match(r.stdout, /Input: \[N, 1, 32, 32\] float32 \(from the "# input:" comment\)/);
    // conv1: 1→6 channels, 5×5 kernel: 6·1·5·5 + 6 = 156 parameters; 32 − 5 + 1 = 28.
    assert.match(r.stdout, /conv1 \(Conv2d\)\s+\[N, 6, 28, 28\]\s+156\s/);
    assert.match(r.stdout, /Total params: 61,706/);
    assert.match(r.stdout, /Buffers \(not parameters\): 0 elements/);
  });

  it('--input-shape overrides the comment: the blitz Net on 1×36×36 gives conv1 32×32 and fc1 can no longer take 400', () => {
    const { code, out } = json('inspect', join(corpus, 'lenet_blitz_functional.py'), '--input-shape', '1,36,36');
    // conv1 36−5+1 = 32, pool 16, conv2 12, pool 6: 16·6·6 = 576 ≠ fc1's 400.
    assert.deepEqual(out.layers.find((l) => l.name === 'conv1')?.outputShapes, [[null, 6, 32, 32]]);
    assert.equal(code, 1);
    assert.ok(out.diagnostics.some((d) => d.severity === 'error' && /576/.test(d.message) && /400/.test(d.message)), JSON.stringify(out.diagnostics));
  });

  it('no input shape at all: parameters still counted, shapes unknown, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-explorer-py-'));
    try {
      const file = join(dir, 'net.py');
      writeFileSync(file, readFileSync(join(corpus, 'lenet_blitz_functional.py'), 'utf8').replace('# input: 1x32x32\n', ''));
      const { code, out } = json('inspect', file);
      assert.equal(code, 0, JSON.stringify(out.diagnostics));
      assert.equal(out.model.input.shape, null);
      assert.equal(out.totals.trainableParams, 61706);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a broken file: exit 1, the error on PyTorch\'s line naming both numbers', () => {
    const file = 'view_wrong_size.py';
    const expected = oracle(`broken/${file}`);
    const { code, out } = json('inspect', join(corpus, 'broken', file));
    assert.equal(code, 1);
    // PyTorch 1.13.1: "shape '[-1, 400]' is invalid for input of size 512" (batch 2: 2 × 16·4·4 = 512) on line 25.
    assert.match(expected.error!.message, /shape '\[-1, 400\]' is invalid for input of size 512/);
    const error = out.diagnostics.find((d) => d.severity === 'error');
    assert.ok(error, JSON.stringify(out.diagnostics));
    assert.equal(error.line, expected.error!.line);
    assert.match(error.message, /400/);
    assert.match(error.message, /256/);
  });

  it('a broken Sequential: the diagnostic names the Linear and both feature counts', () => {
    const expected = oracle('broken/linear_in_features_after_flatten.py');
    assert.match(expected.error!.message, /\(2x256 and 400x120\)/);
    const { code, out } = json('inspect', join(corpus, 'broken', 'linear_in_features_after_flatten.py'));
    assert.equal(code, 1);
    const error = out.diagnostics.find((d) => d.severity === 'error')!;
    assert.equal(error.layer, expected.error!.module);
    assert.match(error.message, /256/);
    assert.match(error.message, /400/);
    const text = readFileSync(join(corpus, 'broken', 'linear_in_features_after_flatten.py'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('nn.Linear(400, 120)')) + 1;
    assert.equal(line, 16);
    assert.equal(error.line, line);
    // On the `400`: `    nn.Linear(` is 14 characters, so the literal starts at column 15.
    assert.equal(error.column, 15);
  });

  it('layers after the error: parameters known, MACs and output memory unknown (null), not 0', () => {
    const { out } = json('inspect', join(corpus, 'broken', 'linear_in_features_after_flatten.py'));
    const after = out.layers.find((l) => l.name === '9')!;
    // nn.Linear(120, 84): 120·84 + 84 parameters whether or not forward reaches it.
    assert.equal(after.params, 10164);
    assert.equal(after.macs, null);
    assert.equal(after.outputBytesPerSample, null);
    const table = run('inspect', join(corpus, 'broken', 'linear_in_features_after_flatten.py'));
    assert.match(table.stdout, /9 \(Linear\)\s+\?\s+10,164\s+\?\s+\?/);
  });

  it('--entry picks another model; an unknown one exits 2 naming the models there are', () => {
    const unknown = run('inspect', join(corpus, 'lenet_blitz_functional.py'), '--entry', 'Nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no model named "Nope".*Net/);
  });

  it('a notebook\'s diagnostics say which cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-explorer-nb-'));
    try {
      const nb = JSON.parse(readFileSync(join(corpus, 'notebook_exercise20.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
      // The model cell is cell 4 (index 3): make its first Linear take 999 features instead of 400.
      const model = nb.cells[3];
      const line = model.source.findIndex((l) => /nn\.Linear\(/.test(l));
      assert.ok(line >= 0);
      model.source[line] = model.source[line].replace(/nn\.Linear\([^,]+,/, 'nn.Linear(999,');
      const file = join(dir, 'broken.ipynb');
      writeFileSync(file, JSON.stringify(nb));
      const { code, out } = json('inspect', file);
      assert.equal(code, 1);
      const error = out.diagnostics.find((d) => d.severity === 'error' && /999/.test(d.message));
      assert.ok(error, JSON.stringify(out.diagnostics));
      assert.equal(error.cell, 4);
      assert.equal(error.line, line + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--engine torch: PyTorch itself (python3 with torch 1.13) gives the same leaves, labelled with its version', async function () {
    this.timeout(120000);
    const file = 'lenet_blitz_functional.py';
    const expected = oracle(file);
    const r = await runAsync('inspect', join(corpus, file), '--engine', 'torch', '--python', '/usr/bin/python3', '--format', 'json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as PyTorchInspectJson;
    assert.equal(out.model.engine, 'pytorch');
    assert.match(out.model.torchVersion ?? '', /1\.13/);
    for (const leaf of expected.layers) {
      const got = out.layers.find((l) => l.name === leaf.name);
      assert.ok(got, leaf.name);
      assert.deepEqual(got.outputShapes, leaf.calls[0].outputShapes, leaf.name);
      assert.equal(got.trainableParams, leaf.trainableParams, leaf.name);
    }
    assert.equal(out.totals.trainableParams, expected.totals.trainableParams);
  });

  it('--engine torch with a Python that does not exist: exit 2 and why; --engine auto keeps the static answer', async function () {
    this.timeout(60000);
    const missing = await runAsync('inspect', join(corpus, 'lenet_blitz_functional.py'), '--engine', 'torch', '--python', '/nonexistent/python3');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /PyTorch engine \(\/nonexistent\/python3\)/);
    // The static engine follows the blitz Net entirely: auto never starts Python (a missing one is not even noticed).
    const auto = await runAsync('inspect', join(corpus, 'lenet_blitz_functional.py'), '--engine', 'auto', '--python', '/nonexistent/python3', '--format', 'json');
    assert.equal(auto.code, 0, auto.stderr);
    assert.equal((JSON.parse(auto.stdout) as PyTorchInspectJson).model.engine, 'static');
  });

  it('usage errors for PyTorch options', () => {
    const cases: [string[], RegExp][] = [
      [['inspect', 'm.py', '--engine', 'jax'], /unknown --engine "jax"/],
      [['inspect', 'm.py', '--input-shape', '0x28x28'], /--input-shape must be whole numbers ≥ 1/],
      [['inspect', 'm.py', '--input-shape', 'abc'], /--input-shape must be whole numbers ≥ 1/],
      [['inspect', 'm.py', '--entry', 'a b'], /--entry must be a Python name/],
      [['inspect', 'model.json', '--entry', 'Net'], /--entry applies to PyTorch sources/],
      [['inspect', '--builtin', 'lenet', '--input-shape', '1,28,28'], /--input-shape applies to PyTorch sources/],
    ];
    for (const [argv, message] of cases) {
      const r = run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, message, argv.join(' '));
    }
    assert.deepEqual(parseShapeArg('1,28,28'), [1, 28, 28]);
    assert.deepEqual(parseShapeArg('(3, 224, 224)'), [3, 224, 224]);
    assert.deepEqual(parseShapeArg('1x16000'), [1, 16000]);
  });

  it('a missing file and a malformed notebook: exit 2', () => {
    assert.equal(run('inspect', join(corpus, 'nope.py')).code, 2);
    const dir = mkdtempSync(join(tmpdir(), 'cnn-explorer-nb-'));
    try {
      const file = join(dir, 'bad.ipynb');
      writeFileSync(file, '{"cells": 3}');
      const r = run('inspect', file);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not a Jupyter notebook/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
