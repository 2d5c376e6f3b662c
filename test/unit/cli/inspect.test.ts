// `cnn-explorer inspect`: exit codes, the JSON object and the table, in-process (injected output) over the model
// fixtures and the built-in LeNet, and once as a real process.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { InspectJson } from '../../../src/cli/inspectJson';

const root = join(__dirname, '..', '..', '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', 'models', name);

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  // inspect (and usage errors) answer synchronously; only train is asynchronous.
  if (typeof code !== 'number') throw new Error('inspect returned a promise');
  return { code, stdout, stderr };
}

function json(...argv: string[]): { code: number; out: InspectJson } {
  const r = run(...argv, '--format', 'json');
  return { code: r.code, out: JSON.parse(r.stdout) as InspectJson };
}

describe('cnn-explorer inspect', function () {
  this.timeout(20000);

  it('--builtin lenet as JSON: one object with the documented keys, exit 0', () => {
    const { code, out } = json('inspect', '--builtin', 'lenet', '--batch', '100');
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(out), ['model', 'layers', 'totals', 'memory', 'diagnostics']);
    assert.deepEqual(out.model, { name: 'lenet5', format: 'builtin' });
    assert.deepEqual(Object.keys(out.layers[0]), ['name', 'className', 'inputShapes', 'outputShapes', 'params',
      'trainableParams', 'nonTrainableParams', 'macs', 'outputBytesPerSample', 'derivation']);
    // Hand-derived in test/unit/core/lenet.test.ts.
    assert.deepEqual([out.totals.params, out.totals.trainableParams, out.totals.nonTrainableParams], [62610, 62158, 452]);
    const c1 = out.layers.find((l) => l.name === 'c1_conv');
    assert.deepEqual(c1?.outputShapes, [[null, 28, 28, 6]]);
    // 28·28·6 = 4,704 values × 4 B.
    assert.equal(c1?.outputBytesPerSample, 18816);
    assert.deepEqual(Object.keys(out.memory), ['batchSize', 'dtype', 'optimizer', 'parameterBytes', 'gradientBytes',
      'optimizerStateBytes', 'activationBytes', 'inferencePeakBytes', 'trainingPeakBytes', 'framework', 'device',
      'trainingPeakRange', 'inferencePeakRange', 'idealAutograd', 'assumptions', 'derivation']);
    // A TF.js model's own framework (issue #13); the device is PyTorch's only.
    assert.equal(out.memory.framework, 'tfjs');
    assert.equal(out.memory.device, null);
    // 62,610·4; 62,158·4; Adam 2·62,158·4 + 2 scalars·4.
    assert.equal(out.memory.parameterBytes, 250440);
    assert.equal(out.memory.gradientBytes, 248632);
    assert.equal(out.memory.optimizerStateBytes, 497272);
    assert.equal(out.memory.batchSize, 100);
    assert.deepEqual(out.diagnostics, []);
  });

  it('--dtype float16 and --optimizer sgd change the memory figures', () => {
    const { out } = json('inspect', '--builtin', 'lenet', '--dtype', 'float16', '--optimizer', 'sgd', '--batch', '1');
    assert.equal(out.memory.dtype, 'float16');
    assert.equal(out.memory.parameterBytes, 62610 * 2);
    // SGD keeps one float32 scalar (the negated learning rate).
    assert.equal(out.memory.optimizerStateBytes, 4);
  });

  it('accepts LeNet\'s --activation and --dropout (their effect on the model is tested in lenet.test.ts)', () => {
    const { code, out } = json('inspect', '--builtin', 'lenet', '--activation', 'relu', '--dropout', '0.5');
    assert.equal(code, 0);
    assert.equal(out.totals.params, 62610);
  });

  it('table: a summary with totals and the memory breakdown', () => {
    const r = run('inspect', '--builtin', 'lenet');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Layer \(type\)\s+Output shape\s+Params\s+MACs\s+Output memory/);
    assert.match(r.stdout, /c1_conv \(Conv2D\)\s+\(None, 28, 28, 6\)\s+156\s/);
    assert.match(r.stdout, /Total params: 62,610/);
    assert.match(r.stdout, /Non-trainable params: 452/);
    assert.match(r.stdout, /Parameters\s+245 KiB\s+\(250,440 B\)/);
    assert.match(r.stdout, /Training peak/);
  });

  it('a sound model file: exit 0 and shapes with null for the batch', () => {
    const { code, out } = json('inspect', fixture('sequential-cnn.json'));
    assert.equal(code, 0);
    assert.ok(out.layers.length > 0);
    for (const l of out.layers) for (const s of l.outputShapes) assert.equal(s?.[0], null);
    assert.ok(out.memory.inferencePeakBytes !== null && out.memory.inferencePeakBytes > 0);
  });

  it('a model with errors: exit 1, still everything it could compute, diagnostics with layer and path', () => {
    const { code, out } = json('inspect', fixture('broken.json'));
    assert.equal(code, 1);
    assert.ok(out.layers.length > 0);
    const errors = out.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errors.length > 0);
    for (const d of errors) {
      assert.equal(typeof d.message, 'string');
      assert.ok(Array.isArray(d.path));
      assert.ok('layer' in d);
    }
    // Unknown figures are null, never NaN or a guessed 0 (the JSON would not even parse with NaN).
    assert.ok(out.layers.some((l) => l.outputShapes.includes(null) || l.params === null));
  });

  it('malformed JSON: exit 2, the position in the message', () => {
    const table = run('inspect', fixture('broken-syntax.json'));
    assert.equal(table.code, 2);
    assert.equal(table.stdout, '');
    assert.match(table.stderr, /malformed JSON at line \d+, column \d+/);
    const { code, out } = json('inspect', fixture('broken-syntax.json'));
    assert.equal(code, 2);
    assert.equal(out.model, null);
    assert.match(out.diagnostics[0].message, /malformed JSON/);
  });

  it('a file starting with a UTF-8 BOM (editors and Windows tools write one) reads as the same model (issue #10 D9)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-explorer-bom-'));
    try {
      const plain = readFileSync(fixture('sequential-cnn.json'));
      const withBom = join(dir, 'model.json');
      writeFileSync(withBom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]));
      const expected = json('inspect', fixture('sequential-cnn.json'));
      const got = json('inspect', withBom);
      assert.equal(got.code, 0);
      assert.deepEqual(got.out, expected.out);
      // A syntax error after the BOM is placed as an editor shows it (the BOM is not a column).
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '\ufeff{"class_name": 1 2}');
      const r = run('inspect', broken);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /malformed JSON at line 1, column 18: comma expected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a graph model: exit 2 with the reason', () => {
    const r = run('inspect', fixture('graph-model.json'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /graph model has no layer configs; export a layers model/);
  });

  it('a missing file: exit 2, says which', () => {
    const r = run('inspect', fixture('does-not-exist.json'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*does-not-exist\.json: ENOENT/);
  });

  it('usage errors: exit 2 with a clear message and the usage', () => {
    const cases: [string[], RegExp][] = [
      [['inspect'], /missing the model/],
      [['inspect', '--builtin', 'alexnet'], /unknown built-in model "alexnet"/],
      [['inspect', '--builtin', 'lenet', '--batch', '0'], /--batch must be a whole number ≥ 1/],
      [['inspect', '--builtin', 'lenet', '--batch', '2.5'], /--batch must be a whole number/],
      [['inspect', '--builtin', 'lenet', '--dtype', 'int8'], /unknown --dtype "int8"/],
      [['inspect', '--builtin', 'lenet', '--optimizer', 'lion'], /unknown --optimizer "lion"/],
      [['inspect', '--builtin', 'lenet', '--format', 'xml'], /unknown --format "xml"/],
      [['inspect', '--builtin', 'lenet', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['inspect', 'a.json', 'b.json'], /one model at a time/],
      [['inspect', 'a.json', '--builtin', 'lenet'], /either a model file or --builtin/],
      [['frob'], /unknown command "frob"/],
    ];
    for (const [argv, message] of cases) {
      const r = run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, message, argv.join(' '));
      assert.equal(r.stdout, '', argv.join(' '));
    }
    const help = run('inspect', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: cnn-explorer inspect/);
  });

  it('runs as a process: exit status and one JSON object on stdout', () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, [join(root, 'src', 'cli', 'main.ts'), 'inspect', '--builtin', 'lenet', '--format', 'json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as InspectJson).totals.params, 62610);
    const bad = spawnSync(tsx, [join(root, 'src', 'cli', 'main.ts'), 'inspect', fixture('broken.json')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
  });
});
