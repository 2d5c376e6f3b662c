// The dashboard's persisted state crosses a boundary twice (webview setState → VS Code → webview on reload, and → the
// host's serializer), so it is validated in src/protocol like every message: the strict validator names the wrong
// field, the restorer repairs it field by field.
import assert from 'node:assert/strict';
import {
  DEFAULT_DASHBOARD_STATE, dashboardStateValidator, modelRefOf, parseWith, restoreDashboardState, sameModelRef, type DashboardState,
} from '../../../src/protocol';

const VALID: DashboardState = {
  version: 1,
  tab: 'memory',
  selectedLayer: 'c1_conv',
  memory: { batchSize: 32, dtype: 'float16', optimizer: 'rmsprop' },
  memoryModel: { framework: 'pytorch', device: 'cpu', deviceGiB: 24 },
  sort: { key: 'macs', descending: true },
  overlayRuns: ['run-1', 'run-2'],
  expandedBlocks: ['block-3'],
  theory: { 'output.n': 64, 'output.f': 5 },
  modelRef: { source: 'file', uri: 'file:///work/model.json' },
  explore: {
    runDir: '/work/.lenet/runs/2026-12-04T10-00-00',
    // 28×28 bytes: 784 = 3 × 261 + 1, so base64 with "==" padding (1,048 characters).
    input: { source: 'drawn', pixels: Buffer.alloc(784, 7).toString('base64') },
    classFilter: 3,
    targetClass: 9,
    scale: 'perMap',
    enlarged: { layer: 'c1_conv', channel: 5 },
  },
};

/** A copy of VALID with one field (a dotted path) replaced. */
function withField(path: string, value: unknown): unknown {
  const copy = structuredClone(VALID) as unknown as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.');
  if (tail === undefined) (copy as Record<string, unknown>)[head] = value;
  else copy[head][tail] = value;
  return copy;
}

// One wrong value per field, with what the restorer must make of it.
const WRONG: { path: string; value: unknown; restored: unknown }[] = [
  { path: 'version', value: 2, restored: 1 },
  { path: 'tab', value: 'nope', restored: 'architecture' },
  { path: 'selectedLayer', value: 7, restored: null },
  { path: 'memory', value: 'big', restored: DEFAULT_DASHBOARD_STATE.memory },
  { path: 'memory.batchSize', value: 0, restored: 100 },
  { path: 'memory.batchSize', value: 2.5, restored: 100 },
  { path: 'memory.batchSize', value: 1_000_001, restored: 100 },
  { path: 'memory.dtype', value: 'int8', restored: 'float32' },
  { path: 'memory.optimizer', value: 'lion', restored: 'adam' },
  { path: 'memoryModel', value: 'pytorch', restored: DEFAULT_DASHBOARD_STATE.memoryModel },
  { path: 'memoryModel.framework', value: 'jax', restored: 'auto' },
  { path: 'memoryModel.device', value: 'tpu', restored: 'cuda' },
  { path: 'memoryModel.deviceGiB', value: 0, restored: 8 },
  { path: 'memoryModel.deviceGiB', value: -4, restored: 8 },
  { path: 'memoryModel.deviceGiB', value: '8', restored: 8 },
  { path: 'sort', value: null, restored: DEFAULT_DASHBOARD_STATE.sort },
  { path: 'sort.key', value: 'color', restored: 'index' },
  { path: 'sort.descending', value: 'yes', restored: false },
  { path: 'overlayRuns', value: 'run-1', restored: [] },
  { path: 'expandedBlocks', value: { 0: 'block-3' }, restored: [] },
  { path: 'theory', value: [64], restored: {} },
  { path: 'modelRef', value: { source: 'file' }, restored: null },
  { path: 'modelRef', value: { source: 'url', uri: 'https://example.com' }, restored: null },
  { path: 'modelRef', value: { source: 'pytorch', entry: 'Net' }, restored: null },
  { path: 'modelRef', value: { source: 'pytorch', uri: 'file:///work/net.py', entry: 7 }, restored: null },
  { path: 'explore', value: 'all', restored: { ...DEFAULT_DASHBOARD_STATE.explore } },
  { path: 'explore.runDir', value: 5, restored: null },
  { path: 'explore.input', value: { source: 'test', index: -1 }, restored: null },
  // A 28×28 drawing is exactly 784 bytes: 783, 785, 786 (the same 1,048 base64 characters as 784 or 785) and 787 are not.
  ...[783, 785, 786, 787].map((n) => ({ path: 'explore.input', value: { source: 'drawn', pixels: Buffer.alloc(n).toString('base64') }, restored: null })),
  // A file's pixels must be its height × width × channels bytes.
  { path: 'explore.input', value: { source: 'file', name: 'a.png', width: 2, height: 2, channels: 3, pixels: Buffer.alloc(11).toString('base64'), invert: false }, restored: null },
  { path: 'explore.input', value: { source: 'file', name: 'a.png', width: 1024, height: 1024, channels: 3, pixels: '', invert: false }, restored: null },
  { path: 'explore.input', value: { source: 'drawn', pixels: 'not base64!' }, restored: null },
  { path: 'explore.input', value: { source: 'file', name: 'a.png', width: 0, height: 28, channels: 1, pixels: '', invert: false }, restored: null },
  { path: 'explore.classFilter', value: 1.5, restored: null },
  { path: 'explore.targetClass', value: -1, restored: null },
  { path: 'explore.scale', value: 'log', restored: 'shared' },
  { path: 'explore.enlarged', value: { layer: 'c1_conv' }, restored: null },
];

function restoredAt(state: DashboardState, path: string): unknown {
  const [head, tail] = path.split('.');
  const top = (state as unknown as Record<string, unknown>)[head];
  return tail === undefined ? top : (top as Record<string, unknown>)[tail];
}

describe('dashboard state (src/protocol)', () => {
  it('accepts a valid state unchanged, and restores it unchanged', () => {
    const r = parseWith(dashboardStateValidator, structuredClone(VALID));
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepStrictEqual(r.value, VALID);
    assert.deepStrictEqual(restoreDashboardState(JSON.parse(JSON.stringify(VALID))), VALID);
    assert.deepStrictEqual(parseWith(dashboardStateValidator, DEFAULT_DASHBOARD_STATE), { ok: true, value: DEFAULT_DASHBOARD_STATE });
  });

  for (const { path, value, restored } of WRONG) {
    it(`names ${path} = ${JSON.stringify(value)} and restores only that field`, () => {
      const saved = withField(path, value);
      const r = parseWith(dashboardStateValidator, saved);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, new RegExp(`^${path.replace('.', '\\.')}(\\.|:)`));
      const state = restoreDashboardState(saved);
      assert.deepStrictEqual(restoredAt(state, path), restored);
      // Every other field survives.
      const expected = structuredClone(VALID) as unknown as Record<string, Record<string, unknown>>;
      const [head, tail] = path.split('.');
      if (tail === undefined) (expected as Record<string, unknown>)[head] = restored;
      else expected[head][tail] = restored;
      assert.deepStrictEqual(state, expected);
    });
  }

  it('restores each Explore input kind with its pixels (a reload shows the same image)', () => {
    const file = { source: 'file', name: 'seven.png', width: 28, height: 28, channels: 3, pixels: Buffer.alloc(28 * 28 * 3, 200).toString('base64'), invert: true } as const;
    for (const input of [{ source: 'test', index: 9_999 } as const, VALID.explore.input!, file]) {
      const saved = JSON.parse(JSON.stringify({ ...VALID, explore: { ...VALID.explore, input } }));
      assert.deepStrictEqual(restoreDashboardState(saved).explore.input, input);
    }
  });

  it('keeps the valid entries of a list and of the theory inputs', () => {
    const state = restoreDashboardState({ ...VALID, overlayRuns: ['a', 3, null, 'b'], theory: { 'output.n': 64, 'output.f': 'x', 'output.s': null } });
    assert.deepStrictEqual(state.overlayRuns, ['a', 'b']);
    assert.deepStrictEqual(state.theory, { 'output.n': 64 });
  });

  it('drops unknown extra fields', () => {
    const saved = { ...structuredClone(VALID), colour: 'red', memory: { ...VALID.memory, precision: 'tf32' }, modelRef: { ...VALID.modelRef, extra: 1 } };
    assert.deepStrictEqual(parseWith(dashboardStateValidator, saved), { ok: true, value: VALID });
    assert.deepStrictEqual(restoreDashboardState(saved), VALID);
  });

  it('restores a PyTorch model\'s reference with its entry (absent: the file\'s default model)', () => {
    const named = { ...structuredClone(VALID), modelRef: { source: 'pytorch', uri: 'file:///work/lenet.py', entry: 'Net' } };
    assert.deepStrictEqual(parseWith(dashboardStateValidator, named), { ok: true, value: named });
    assert.deepStrictEqual(restoreDashboardState(named), named);
    assert.deepStrictEqual(restoreDashboardState({ modelRef: { source: 'pytorch', uri: 'file:///work/lenet.py', entry: null } }).modelRef,
      { source: 'pytorch', uri: 'file:///work/lenet.py', entry: null });
    // A hand-edited state without the entry: the default model, not a lost panel.
    assert.deepStrictEqual(restoreDashboardState({ modelRef: { source: 'pytorch', uri: 'file:///work/lenet.py' } }).modelRef,
      { source: 'pytorch', uri: 'file:///work/lenet.py', entry: null });
    // A file reference never carries an entry.
    assert.deepStrictEqual(restoreDashboardState({ modelRef: { source: 'file', uri: 'file:///m.json', entry: 'Net' } }).modelRef, { source: 'file', uri: 'file:///m.json' });
  });

  it('saves the reference of the model a message names, and tells two PyTorch entries of one file apart', () => {
    const net = modelRefOf({ key: 'k', title: 'lenet.py · Net', source: 'pytorch', uri: 'file:///work/lenet.py', entry: 'Net' });
    const dflt = modelRefOf({ key: 'k2', title: 'lenet.py', source: 'pytorch', uri: 'file:///work/lenet.py' });
    assert.deepStrictEqual(net, { source: 'pytorch', uri: 'file:///work/lenet.py', entry: 'Net' });
    assert.deepStrictEqual(dflt, { source: 'pytorch', uri: 'file:///work/lenet.py', entry: null });
    assert.equal(sameModelRef(net, dflt), false);
    assert.equal(sameModelRef(net, { source: 'pytorch', uri: 'file:///work/lenet.py', entry: 'Net' }), true);
    assert.equal(sameModelRef({ source: 'file', uri: 'file:///work/lenet.py' }, dflt), false);
    assert.deepStrictEqual(modelRefOf({ key: 'b', title: 'LeNet-5', source: 'builtin', uri: null }), { source: 'builtin', uri: null });
  });

  it('keeps sorting by buffers (the PyTorch table\'s column)', () => {
    assert.deepStrictEqual(restoreDashboardState({ sort: { key: 'buffers', descending: true } }).sort, { key: 'buffers', descending: true });
  });

  it('gives a built-in reference no URI, whatever was saved with it', () => {
    assert.deepStrictEqual(restoreDashboardState({ modelRef: { source: 'builtin', uri: 'file:///x.json' } }).modelRef, { source: 'builtin', uri: null });
  });

  it('restores the defaults from nothing or from garbage', () => {
    for (const saved of [undefined, null, 'garbage', 42, [], [VALID]]) {
      assert.deepStrictEqual(restoreDashboardState(saved), DEFAULT_DASHBOARD_STATE, JSON.stringify(saved));
      assert.equal(parseWith(dashboardStateValidator, saved).ok, false);
    }
  });

  describe('hostile values', () => {
    it('reads only own fields, never inherited ones', () => {
      const inherited = Object.create({ tab: 'memory', modelRef: { source: 'file', uri: 'file:///evil.json' }, memory: { batchSize: 7 } });
      assert.deepStrictEqual(restoreDashboardState(inherited), DEFAULT_DASHBOARD_STATE);
      const memory = Object.create({ batchSize: 7 });
      assert.equal(restoreDashboardState({ memory }).memory.batchSize, 100);
    });

    it('keeps a "__proto__" theory field as data without touching any prototype', () => {
      const saved = JSON.parse('{"theory": {"__proto__": 5, "output.n": 64}, "memory": {"__proto__": {"batchSize": 7}}}');
      const state = restoreDashboardState(saved);
      assert.equal(Object.getPrototypeOf(state.theory), Object.prototype);
      assert.deepStrictEqual(Object.entries(state.theory), [['__proto__', 5], ['output.n', 64]]);
      assert.equal(state.memory.batchSize, 100);
      assert.equal(({} as Record<string, unknown>).batchSize, undefined);
      const strict = parseWith(dashboardStateValidator, { ...structuredClone(VALID), theory: JSON.parse('{"__proto__": 5}') });
      assert.ok(strict.ok);
      assert.equal(Object.getPrototypeOf(strict.value.theory), Object.prototype);
    });

    it('refuses non-finite numbers (a structured clone carries them; JSON does not)', () => {
      for (const n of [NaN, Infinity, -Infinity]) {
        assert.equal(restoreDashboardState({ memory: { batchSize: n } }).memory.batchSize, 100);
        assert.deepStrictEqual(restoreDashboardState({ theory: { 'output.n': n } }).theory, {});
        assert.equal(parseWith(dashboardStateValidator, withField('theory', { 'output.n': n })).ok, false);
      }
    });

    it('refuses a tab or sort key that is only an Object.prototype name', () => {
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        assert.equal(restoreDashboardState({ tab: name }).tab, 'architecture');
        assert.equal(restoreDashboardState({ sort: { key: name } }).sort.key, 'index');
        assert.equal(restoreDashboardState({ memory: { optimizer: name, dtype: name } }).memory.optimizer, 'adam');
      }
    });

    it('survives a large saved state and returns the same figures', () => {
      const runs = Array.from({ length: 100_000 }, (_, i) => `run-${i}`);
      const state = restoreDashboardState({ overlayRuns: runs, selectedLayer: 'x'.repeat(1_000_000) });
      assert.equal(state.overlayRuns.length, 100_000);
      assert.equal(state.overlayRuns[99_999], 'run-99999');
      assert.equal(state.selectedLayer?.length, 1_000_000);
    });
  });
});
