// model.json's weightsManifest: groups, the bytes each weight needs (by hand: elements × dtype size), and the path
// rules that keep Explore's reads inside the model's folder.
import * as assert from 'node:assert';
import { checkWeightPath, readWeightsManifest } from '../../../src/core/formats/tfjs';

const model = (weightsManifest: unknown) => ({ modelTopology: {}, weightsManifest });

describe('weightsManifest', () => {
  it('reads groups in order with the bytes each needs', () => {
    const r = readWeightsManifest(model([
      { paths: ['group1-shard1of2.bin', './group1-shard2of2.bin'], weights: [
        { name: 'c1/kernel', shape: [5, 5, 1, 6], dtype: 'float32' }, // 150 × 4 = 600
        { name: 'c1/bias', shape: [6], dtype: 'float32' }, // 24
      ] },
      { paths: ['sub/../g2.bin'], weights: [
        { name: 'steps', shape: [], dtype: 'int32' }, // scalar: 1 × 4 = 4
        { name: 'mask', shape: [3, 2], dtype: 'bool' }, // 6 × 1 = 6
      ] },
    ]));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepStrictEqual(r.manifest.groups.map((g) => g.bytes), [624, 10]);
    assert.strictEqual(r.manifest.bytes, 634);
    assert.deepStrictEqual(r.manifest.groups.map((g) => g.relativePaths), [['group1-shard1of2.bin', 'group1-shard2of2.bin'], ['g2.bin']]);
    assert.deepStrictEqual(r.manifest.groups[1].paths, ['sub/../g2.bin']);
    assert.deepStrictEqual(r.manifest.groups[0].weights[0], { name: 'c1/kernel', shape: [5, 5, 1, 6], dtype: 'float32' });
  });

  it('says when there are no weights', () => {
    for (const value of [{ modelTopology: {} }, model(null), model([]), model([{ paths: [], weights: [] }])]) {
      const r = readWeightsManifest(value);
      assert.ok(!r.ok);
      assert.strictEqual(r.kind, 'absent');
    }
  });

  it('refuses quantized weights, naming the weight', () => {
    const r = readWeightsManifest(model([{ paths: ['w.bin'], weights: [
      { name: 'dense/kernel', shape: [4, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1 } },
    ] }]));
    assert.ok(!r.ok);
    assert.strictEqual(r.kind, 'invalid');
    assert.match(r.message, /weight 'dense\/kernel' is quantized/);
  });

  it('refuses dtypes of no fixed size and shapes that are not whole numbers', () => {
    for (const [entry, pattern] of [
      [{ name: 's', shape: [2], dtype: 'string' }, /weight 's' has dtype "string"/],
      [{ name: 'z', shape: [2], dtype: 'complex64' }, /weight 'z' has dtype "complex64"/],
      [{ name: 'k', shape: [2, -1], dtype: 'float32' }, /weight 'k' has shape \[2,-1\]/],
      [{ name: 'k', shape: [2.5], dtype: 'float32' }, /weight 'k' has shape \[2.5\]/],
    ] as const) {
      const r = readWeightsManifest(model([{ paths: ['w.bin'], weights: [entry] }]));
      assert.ok(!r.ok && r.kind === 'invalid', JSON.stringify(entry));
      assert.match(r.message, pattern);
    }
  });

  it('refuses every path that leaves the folder, naming the path and the rule', () => {
    const cases: [string, RegExp][] = [
      ['../x.bin', /leaves model\.json's folder/],
      ['a/../../x.bin', /leaves model\.json's folder/],
      ['..\\x.bin', /leaves model\.json's folder/],
      ['/etc/passwd', /is absolute/],
      ['\\x.bin', /is absolute/],
      ['C:\\w\\x.bin', /absolute Windows path/],
      ['c:/w/x.bin', /absolute Windows path/],
      ['\\\\server\\share\\x.bin', /network path/],
      ['//server/share/x.bin', /network path/],
      ['file:///etc/passwd', /is a URL/],
      ['http://example.com/x.bin', /is a URL/],
      ['data:application/octet-stream;base64,AAAA', /is a URL/],
      ['', /is empty/],
      ['./', /names the folder itself/],
      ['a/..', /names the folder itself/],
      ['x\0.bin', /NUL/],
    ];
    for (const [path, rule] of cases) {
      const r = readWeightsManifest(model([{ paths: [path], weights: [{ name: 'w', shape: [1], dtype: 'float32' }] }]));
      assert.ok(!r.ok && r.kind === 'invalid', path);
      assert.ok(r.message.includes(`'${path}'`), `${r.message} names ${path}`);
      assert.match(r.message, rule, path);
    }
  });

  it('normalises paths that stay inside', () => {
    assert.deepStrictEqual(checkWeightPath('./a/./b/../w.bin'), { relative: 'a/w.bin' });
    assert.deepStrictEqual(checkWeightPath('a\\w.bin'), { relative: 'a/w.bin' });
    assert.deepStrictEqual(checkWeightPath('w%2e%2e.bin'), { relative: 'w%2e%2e.bin' }); // read as a file name, never decoded
  });

  it('refuses malformed manifests with what is wrong', () => {
    assert.match((readWeightsManifest(model({})) as { message: string }).message, /not a list of groups/);
    assert.match((readWeightsManifest(model([{ paths: 'w.bin', weights: [] }])) as { message: string }).message, /paths is not a list/);
    assert.match((readWeightsManifest(model([{ paths: [], weights: [{ name: 'w', shape: [1], dtype: 'float32' }] }])) as { message: string }).message, /lists 1 weights but no file paths/);
    assert.match((readWeightsManifest([]) as { message: string }).message, /not a JSON object/);
  });
});
