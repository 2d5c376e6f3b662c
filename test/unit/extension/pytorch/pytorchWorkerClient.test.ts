// The PyTorch analysis worker thread, built as scripts/build.mjs should build it (one esbuild bundle, CommonJS):
// it answers exactly what the static engine answers in this thread, survives a crash, and where the bundle is
// missing the client analyses in this thread instead.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { analyzePyTorchSource } from '../../../../src/core/formats/pytorch';
import { PyTorchWorkerClient } from '../../../../src/extension/pytorch/faces/pytorchWorkerClient';
import { corpusDir, readOracle } from './oracleTrace';

function buildWorker(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'cnn-pytorch-worker-')), 'pytorchAnalysisWorker.js');
  buildSync({
    entryPoints: [join(__dirname, '..', '..', '..', '..', 'src', 'extension', 'pytorch', 'faces', 'pytorchAnalysisWorker.ts')],
    outfile, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', mainFields: ['module', 'main'], logLevel: 'warning',
  });
  return outfile;
}

describe('PyTorchWorkerClient', function () {
  this.timeout(60000);
  const file = 'lenet_blitz_functional.py';
  const text = readFileSync(join(corpusDir, file), 'utf8');
  const options = { batchSize: 32, dtype: 'float32' as const, optimizer: 'adam' as const };
  let script: string;
  before(() => {
    script = buildWorker();
  });

  it('the worker\'s answer is the static engine\'s, with PyTorch\'s parameter count', async () => {
    const client = new PyTorchWorkerClient(script);
    try {
      assert.equal(client.inWorker, true);
      const result = await client.analyze(text, options);
      assert.equal(result.analysis.totals.params, readOracle(file).totals.trainableParams);
      assert.deepEqual(result, JSON.parse(JSON.stringify(analyzePyTorchSource(text, options))));
    } finally {
      client.dispose();
    }
  });

  it('a worker that dies fails what it had pending; the next request starts a new one', async () => {
    const client = new PyTorchWorkerClient(script);
    try {
      await client.analyze(text, options);
      const worker = (client as unknown as { requests: { worker: { terminate(): Promise<number> } } }).requests.worker;
      const pending = client.analyze(text, options);
      await worker.terminate();
      await assert.rejects(pending, /worker stopped/);
      const again = await client.analyze(text, options);
      assert.equal(again.analysis.totals.params, 61706);
    } finally {
      client.dispose();
    }
  });

  it('without the bundle the analysis runs in this thread, same answer', async () => {
    const client = new PyTorchWorkerClient(join(tmpdir(), 'no-such-dir', 'pytorchAnalysisWorker.js'));
    assert.equal(client.inWorker, false);
    const result = await client.analyze(text, options);
    assert.equal(result.analysis.totals.params, 61706);
  });
});
