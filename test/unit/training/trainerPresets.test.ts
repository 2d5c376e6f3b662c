// Presets, overrides and the CLI's `train` arguments.
import * as assert from 'node:assert';
import { parseTrainArgs } from '../../../src/cli/train/trainArgs';
import { readTrainingSettings, TRAINING_SETTING_KEYS } from '../../../src/extension/training/settings';
import { ConfigError, PRESETS, resolveTrainingConfig } from '../../../src/training/trainer/presets';
import { trainingConfig } from '../../../src/protocol/training';
import { fakeConfiguration } from '../extension/fakeConfiguration';

describe('training presets', () => {
  it('notebook is the notebook\'s INPUT dict exactly (Adam, lr 1e-1, sigmoid, dpr 1e-3, batch 100, 5 epochs, split seed 3)', () => {
    const c = resolveTrainingConfig('notebook');
    assert.deepStrictEqual(c, {
      preset: 'notebook', dataset: 'fashion-mnist', epochs: 5, batchSize: 100, learningRate: 0.1, optimizer: 'adam',
      activation: 'sigmoid', dropout: 0.001, seed: 3, logEveryBatches: 100, requestedBackend: 'auto',
    });
    assert.deepStrictEqual(trainingConfig(c, 'config'), c, 'the protocol validator accepts it');
  });

  it('tuned uses ReLU and Adam at 1e-3', () => {
    const c = resolveTrainingConfig('tuned');
    assert.strictEqual(c.preset, 'tuned');
    assert.strictEqual(c.activation, 'relu');
    assert.strictEqual(c.learningRate, 0.001);
  });

  it('a changed hyper-parameter makes the run "custom"; dataset and backend do not', () => {
    assert.strictEqual(resolveTrainingConfig('notebook', { epochs: 1 }).preset, 'custom');
    assert.strictEqual(resolveTrainingConfig('notebook', { epochs: PRESETS.notebook.epochs }).preset, 'notebook');
    const c = resolveTrainingConfig('tuned', { dataset: 'mnist', backend: 'wasm' });
    assert.strictEqual(c.preset, 'tuned');
    assert.strictEqual(c.dataset, 'mnist');
    assert.strictEqual(c.requestedBackend, 'wasm');
  });

  it('rejects impossible values with a message naming the value', () => {
    assert.throws(() => resolveTrainingConfig('notebook', { epochs: 0 }), (e: Error) => e instanceof ConfigError && /epochs.*0/.test(e.message));
    assert.throws(() => resolveTrainingConfig('notebook', { learningRate: -1 }), /learning rate/);
    assert.throws(() => resolveTrainingConfig('notebook', { dropout: 1 }), /dropout/);
    assert.throws(() => resolveTrainingConfig('notebook', { batchSize: 2.5 }), /batch size/);
    assert.throws(() => resolveTrainingConfig('notebook', { backend: 'webgl' }), /backend/);
  });
});

describe('cnn-explorer train arguments', () => {
  it('defaults to the notebook preset and the default run folder', () => {
    const r = parseTrainArgs([]);
    assert.ok(r.ok);
    assert.strictEqual(r.args.config.preset, 'notebook');
    assert.strictEqual(r.args.out, null);
    assert.strictEqual(r.args.json, false);
  });

  it('maps every flag', () => {
    const r = parseTrainArgs(['--preset', 'tuned', '--epochs', '2', '--batch-size', '64', '--lr', '0.01', '--optimizer', 'sgd',
      '--activation', 'tanh', '--dropout', '0.2', '--seed', '7', '--log-every', '10', '--dataset', 'mnist', '--data-dir', '/d',
      '--cache-dir', '/c', '--backend', 'cpu', '--out', 'o', '--json', '--limit-train', '300', '--limit-test', '100']);
    assert.ok(r.ok);
    assert.deepStrictEqual(r.args, {
      config: { preset: 'custom', dataset: 'mnist', epochs: 2, batchSize: 64, learningRate: 0.01, optimizer: 'sgd', activation: 'tanh', dropout: 0.2, seed: 7, logEveryBatches: 10, requestedBackend: 'cpu' },
      dataDir: '/d', cacheDir: '/c', out: 'o', json: true, verbose: false, limits: { train: 300, test: 100 },
    });
  });

  it('explains a wrong flag', () => {
    for (const [argv, pattern] of [
      [['--epochs', 'two'], /--epochs needs an integer, got "two"/],
      [['--preset', 'fast'], /--preset must be one of notebook, tuned/],
      [['--limit-train', '0'], /--limit-train must be a positive integer/],
      [['--bogus'], /bogus/],
      [['extra'], /unexpected argument "extra"/],
    ] as const) {
      const r = parseTrainArgs(argv);
      assert.ok(!r.ok && !r.help, `accepted ${argv.join(' ')}`);
      assert.match(r.error, pattern);
    }
    const help = parseTrainArgs(['-h']);
    assert.ok(!help.ok && help.help);
  });
});

describe('cnnExplorer.training.* settings (formerly lenet.*)', () => {
  const training = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`cnnExplorer.training.${k}`, v]));

  it('unset values (null, "", "preset") leave the preset in charge', () => {
    const s = readTrainingSettings(fakeConfiguration({ global: training({ preset: 'tuned', epochs: null, optimizer: 'preset', activation: 'preset', dataDir: '' }) }));
    assert.strictEqual(s.preset, 'tuned');
    assert.deepStrictEqual(resolveTrainingConfig(s.preset, s.overrides), resolveTrainingConfig('tuned'));
    assert.strictEqual(s.dataDir, null);
    assert.deepStrictEqual(s.problems, []);
    assert.deepStrictEqual(s.renamed, []);
  });

  it('nothing set: the notebook preset, no problems, nothing reported', () => {
    const s = readTrainingSettings(fakeConfiguration({}));
    assert.deepStrictEqual(resolveTrainingConfig(s.preset, s.overrides), resolveTrainingConfig('notebook'));
    assert.deepStrictEqual([s.dataDir, s.problems, s.renamed], [null, [], []]);
  });

  it('applies set values and reports invalid ones, by the key they came from, instead of using them', () => {
    const s = readTrainingSettings(fakeConfiguration({
      global: { ...training({ epochs: 2, learningRate: 0.01, activation: 'tanh', backend: 'wasm', dropout: 1.5, dataDir: ' /data ' }), 'lenet.batchSize': 'ten' },
    }));
    const c = resolveTrainingConfig(s.preset, s.overrides);
    assert.deepStrictEqual([c.preset, c.epochs, c.learningRate, c.activation, c.requestedBackend, c.dropout, c.batchSize], ['custom', 2, 0.01, 'tanh', 'wasm', 0.001, 100]);
    assert.strictEqual(s.dataDir, '/data');
    assert.strictEqual(s.problems.length, 2);
    assert.match(s.problems.join('\n'), /cnnExplorer\.training\.dropout = 1\.5/);
    assert.match(s.problems.join('\n'), /lenet\.batchSize = "ten"/);
  });

  it('old lenet.* keys are read when the new key is not set, and each one read is reported; new keys win', () => {
    const s = readTrainingSettings(fakeConfiguration({
      global: { 'lenet.preset': 'tuned', 'lenet.epochs': 3, 'lenet.dataDir': '/old', 'lenet.backend': 'cpu' },
      workspace: training({ epochs: 7, backend: 'wasm' }),
    }));
    const c = resolveTrainingConfig(s.preset, s.overrides);
    assert.deepStrictEqual([c.preset, c.epochs, c.requestedBackend, s.dataDir], ['custom', 7, 'wasm', '/old']);
    assert.deepStrictEqual(c, resolveTrainingConfig('tuned', { epochs: 7, backend: 'wasm' }));
    assert.deepStrictEqual(s.renamed, [
      { key: 'cnnExplorer.training.preset', oldKey: 'lenet.preset' },
      { key: 'cnnExplorer.training.dataDir', oldKey: 'lenet.dataDir' },
    ]);
  });

  it('covers every training setting, each under its old name too', () => {
    const names = ['preset', 'epochs', 'batchSize', 'learningRate', 'optimizer', 'activation', 'dropout', 'seed', 'logEveryBatches', 'dataset', 'dataDir', 'backend'];
    assert.deepStrictEqual(TRAINING_SETTING_KEYS, names.map((n) => ({ key: `cnnExplorer.training.${n}`, oldKey: `lenet.${n}` })));
  });
});
