// A version answered on the host (not a model any more, or over the live limit) must not leave the previous
// version's full analysis in the worker until the file closes.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisWorkerClient } from '../../../src/extension/inspector/analysisWorkerClient';
import { analyzeDocumentVersion, NO_STAMP } from '../../../src/extension/inspector/documentAnalysis';
import { buildAnalysisWorker } from './analysisWorkerBundle';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;
const model = readFileSync(join(__dirname, '..', '..', 'fixtures', 'workspace', 'models', 'sequential-cnn.json'), 'utf8');

describe('where a document version is analysed', function () {
  this.timeout(60_000);
  let client: AnalysisWorkerClient;
  before(() => { client = new AnalysisWorkerClient(buildAnalysisWorker()); });
  after(() => client.dispose());

  it('a version answered on the host makes the worker drop the previous version it held', async () => {
    const v1 = await analyzeDocumentVersion(client, 'doc', model, 1, options);
    assert.strictEqual(v1.summary.status, 'model');
    assert.ok(await client.dashboard('doc', v1.stamp), 'the worker holds version 1');
    const v2 = await analyzeDocumentVersion(client, 'doc', '{"name": "pkg"}', 2, options);
    assert.deepStrictEqual(v2, { stamp: NO_STAMP, summary: { status: 'not-a-model' } });
    assert.strictEqual(await client.dashboard('doc', v1.stamp), undefined, 'version 1 is gone from the worker');
  });

  it('a file that cannot be a model starts no worker', async () => {
    const idle = new AnalysisWorkerClient(buildAnalysisWorker());
    try {
      assert.deepStrictEqual((await analyzeDocumentVersion(idle, 'pkg', '{"name": "pkg"}', 1, options)).summary, { status: 'not-a-model' });
      assert.strictEqual(idle.started, 0);
    } finally {
      idle.dispose();
    }
  });
});
