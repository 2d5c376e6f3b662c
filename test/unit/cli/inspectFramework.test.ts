// `cnn-explorer inspect --framework tfjs|pytorch|ideal --device cuda|cpu` (issue #13): the JSON memory object is
// core's computeMemory for that framework (the corpus-checked memory model, test/unit/core/memory*), says which
// framework and device it is for, and carries the ranges, the ideal-autograd lower bound and the assumptions; the
// table's memory section is headed by the framework. On a TF.js fixture and a PyTorch corpus file.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeModelText, type MemoryBreakdown } from '../../../src/core';
import { analyzePyTorchSource, torchMemoryLayers } from '../../../src/core/formats/pytorch';
import { computeMemory, type MemoryDevice, type MemoryFramework } from '../../../src/core/memory';
import type { InspectJson } from '../../../src/cli/inspectJson';
import { runCli } from '../../../src/cli/main';

const root = join(__dirname, '..', '..', '..');
const jsonFile = join(root, 'test', 'fixtures', 'workspace', 'models', 'sequential-cnn.json');
const pyFile = join(root, 'test', 'fixtures', 'pytorch-corpus', 'lenet_sequential.py');
const base = { batchSize: 32, dtype: 'float32', optimizer: 'adam' } as const;

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readFile: (p) => readFileSync(p, 'utf8') });
  if (typeof code !== 'number') throw new Error('inspect returned a promise');
  return { code, stdout, stderr };
}

function memoryJson(file: string, ...argv: string[]): InspectJson['memory'] {
  const r = run('inspect', file, '--batch', '32', '--format', 'json', ...argv);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as InspectJson).memory;
}

const jsonLayers = () => analyzeModelText(readFileSync(jsonFile, 'utf8'), base).analysis!.layers;
const torchLayers = () => torchMemoryLayers(analyzePyTorchSource(readFileSync(pyFile, 'utf8'), base).trace);

/** The CLI's memory object against core's figures for the same framework and device. */
function assertMatches(out: InspectJson['memory'], oracle: MemoryBreakdown, framework: MemoryFramework, device: MemoryDevice | null): void {
  assert.equal(out.framework, framework);
  assert.equal(out.device, device);
  for (const key of ['parameterBytes', 'gradientBytes', 'optimizerStateBytes', 'inferencePeakBytes', 'trainingPeakBytes'] as const) {
    assert.ok(Number.isFinite(oracle[key]) && oracle[key] > 0, key);
    assert.equal(out[key], oracle[key], key);
  }
  const range = (r: MemoryBreakdown['trainingPeakRange']) => (r ? { lowBytes: r.lowBytes, highBytes: r.highBytes, why: r.why } : null);
  assert.deepEqual(out.trainingPeakRange, range(oracle.trainingPeakRange));
  assert.deepEqual(out.inferencePeakRange, range(oracle.inferencePeakRange));
  assert.deepEqual(out.assumptions, oracle.assumptions ?? []);
  assert.deepEqual(out.derivation, oracle.derivation ?? []);
  if (framework === 'idealAutograd') {
    assert.equal(out.idealAutograd, null);
  } else {
    assert.deepEqual(out.idealAutograd, oracle.idealAutograd);
    assert.ok(out.assumptions.length > 0, 'a framework model says what it assumes');
  }
}

describe('cnn-explorer inspect --framework / --device (issue #13)', function () {
  this.timeout(30000);

  describe('a TF.js model (sequential-cnn.json)', () => {
    it('default: TF.js 4.x, its own framework', () => {
      assertMatches(memoryJson(jsonFile), computeMemory(jsonLayers(), { ...base, framework: 'tfjs' }), 'tfjs', null);
    });
    for (const [arg, framework, device] of [['tfjs', 'tfjs', null], ['pytorch', 'pytorch', 'cuda'], ['ideal', 'idealAutograd', null]] as const) {
      it(`--framework ${arg}: core's ${framework} figures`, () => {
        assertMatches(memoryJson(jsonFile, '--framework', arg), computeMemory(jsonLayers(), { ...base, framework, device: 'cuda' }), framework, device);
      });
    }
    it('--framework pytorch --device cpu: the CPU figures, a different training peak from CUDA\'s', () => {
      const cpu = memoryJson(jsonFile, '--framework', 'pytorch', '--device', 'cpu');
      assertMatches(cpu, computeMemory(jsonLayers(), { ...base, framework: 'pytorch', device: 'cpu' }), 'pytorch', 'cpu');
      assert.notEqual(cpu.trainingPeakBytes, memoryJson(jsonFile, '--framework', 'pytorch').trainingPeakBytes);
    });
    it('the three frameworks give three training peaks (the setting is not ignored)', () => {
      const peaks = ['tfjs', 'pytorch', 'ideal'].map((f) => memoryJson(jsonFile, '--framework', f).trainingPeakBytes);
      assert.equal(new Set(peaks).size, 3, String(peaks));
    });
  });

  describe('a PyTorch source (lenet_sequential.py)', () => {
    it('default: PyTorch 2.x on CUDA, its own framework', () => {
      assertMatches(memoryJson(pyFile), computeMemory(torchLayers(), { ...base, semantics: 'pytorch', framework: 'pytorch', device: 'cuda' }), 'pytorch', 'cuda');
    });
    for (const [args, framework, device] of [[['--framework', 'tfjs'], 'tfjs', null], [['--framework', 'pytorch', '--device', 'cpu'], 'pytorch', 'cpu'], [['--framework', 'ideal'], 'idealAutograd', null]] as const) {
      it(`${args.join(' ')}: core's ${framework} figures`, () => {
        assertMatches(memoryJson(pyFile, ...args), computeMemory(torchLayers(), { ...base, semantics: 'pytorch', framework, device: device ?? 'cuda' }), framework, device);
      });
    }
  });

  it('the table says which framework its memory figures are for, and labels the ideal autograd as the lower bound', () => {
    const tfjs = run('inspect', jsonFile, '--batch', '32').stdout;
    assert.match(tfjs, /^Memory for a batch of 32, float32, adam — TF\.js 4\.x:$/m);
    const oracle = computeMemory(jsonLayers(), { ...base, framework: 'tfjs' });
    assert.match(tfjs, new RegExp(`^ {2}Training peak \\(one step: forward, loss, backward, update\\) +\\S+ \\S+ {2}\\(${oracle.trainingPeakBytes.toLocaleString('en-US')} B\\)$`, 'm'));
    assert.match(tfjs, new RegExp(`^ {2}Ideal autograd training peak \\(lower bound, for teaching\\) +\\S+ \\S+ {2}\\(${oracle.idealAutograd!.trainingPeakBytes.toLocaleString('en-US')} B\\)$`, 'm'));
    const torch = run('inspect', pyFile, '--batch', '32').stdout;
    assert.match(torch, /^Memory for a batch of 32, float32, adam — PyTorch 2\.x · CUDA:$/m);
    assert.match(torch, /^ {4}Training peak range: .+ to .+; cuBLAS/m);
    assert.match(run('inspect', pyFile, '--device', 'cpu').stdout, /— PyTorch 2\.x · CPU:$/m);
    const ideal = run('inspect', pyFile, '--framework', 'ideal').stdout;
    assert.match(ideal, /— ideal autograd \(lower bound, for teaching\):$/m);
    assert.doesNotMatch(ideal, /Ideal autograd training peak/);
  });

  it('an unknown --framework or --device is a usage error (exit 2) naming the values', () => {
    for (const [flag, value, expected] of [['--framework', 'jax', 'tfjs, pytorch, ideal'], ['--framework', 'idealAutograd', 'tfjs, pytorch, ideal'], ['--device', 'tpu', 'cuda or cpu']] as const) {
      const r = run('inspect', jsonFile, flag, value);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(`cnn-explorer inspect: unknown ${flag} "${value}"; use ${expected}\n`), r.stderr);
    }
  });
});
