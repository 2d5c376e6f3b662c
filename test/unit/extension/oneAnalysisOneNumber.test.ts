// One analysis, one number (issue #15): for every model fixture, the editor's CodeLens and hovers, the CLI's JSON and
// the dashboard (its own pure functions, run on the model message after the JSON round trip and the protocol's
// validator, as the webview receives it) show the same parameters and memory figures. The oracle is agreement: each
// face is computed by its own code path from the file's text, and any pair that differs fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ANALYSIS_DEFAULTS } from '../../../src/core/analyzeModel';
import { formatBytes, formatCount } from '../../../src/core/format';
import { computeMemoryDetail } from '../../../src/core/memory/memoryModel';
import { runInspect } from '../../../src/cli/inspect';
import type { InspectJson } from '../../../src/cli/inspectJson';
import { lenetModelIR } from '../../../src/core/lenet';
import { modelMessageFromIR, modelMessageFromText } from '../../../src/extension/dashboard/modelLoader';
import { hoverMarkdown, totalsLensTitle } from '../../../src/extension/inspector/layerText';
import { analyzeModelDocument } from '../../../src/extension/inspector/modelDocuments';
import { DEFAULT_DASHBOARD_STATE, parseHostToWebview, type ModelMessage } from '../../../src/protocol';
import { layerRows, tableTotals } from '../../../webview-ui/layerRows';
import { memoryBars } from '../../../webview-ui/memoryBars';
import { modelFixtureFiles } from '../../fixtures/analyzableFixtures';

/** The CLI's JSON for a file, called in-process as `cnn-explorer inspect FILE --format json`. */
function cliJson(...args: string[]): InspectJson {
  let out = '';
  runInspect([...args, '--format', 'json'], { stdout: (t) => { out += t; }, stderr: () => undefined, readFile: (p) => readFileSync(p, 'utf8') });
  return JSON.parse(out) as InspectJson;
}

/** The model message as the webview holds it: JSON round trip (postMessage) and the protocol's validator. */
function dashboardMessage(file: string, text: string): ModelMessage | undefined {
  const sent = modelMessageFromText({ key: file, title: file, source: 'file', uri: `file://${file}` }, text);
  const received = parseHostToWebview(JSON.parse(JSON.stringify(sent)));
  assert.ok(received.ok, received.ok ? '' : received.error);
  return received.value.type === 'model' ? received.value : undefined;
}

/** NaN (an unknown byte figure in core) as the CLI's JSON writes it. */
const known = (n: number | null): number | null => (n === null || Number.isNaN(n) ? null : n);

/** The "Parameters" and "Output memory" cells of a hover. */
function hoverFigures(markdown: string): { params: string; perSample: string; perBatch: string } {
  const params = /^\| Parameters \| (.*) \|$/m.exec(markdown)?.[1];
  const memory = /^\| Output memory \| (.*) per sample · (.*) per batch of /m.exec(markdown);
  assert.ok(params !== undefined && memory, markdown);
  return { params: params.startsWith('unknown') ? '?' : params.replace(/ \(.*$/, ''), perSample: memory[1], perBatch: memory[2] };
}

describe('one analysis, one number: CodeLens, hover, CLI and dashboard agree', () => {
  it('every face starts from the same batch, dtype and optimizer', () => {
    assert.deepEqual(DEFAULT_DASHBOARD_STATE.memory, ANALYSIS_DEFAULTS);
  });

  const files = modelFixtureFiles();
  it('has fixtures to compare', () => assert.ok(files.length >= 12, String(files.length)));

  for (const file of files) {
    const name = file.slice(file.lastIndexOf('fixtures/') + 'fixtures/'.length);
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const editor = analyzeModelDocument(text, 1, ANALYSIS_DEFAULTS);
      const analysis = editor.status === 'model' ? editor.model.analysis : undefined;
      if (!analysis) {
        // Nothing analyses (malformed JSON, a graph model): no face may show a figure — the dashboard gets a model
        // error, not a model.
        assert.strictEqual(dashboardMessage(file, text), undefined, 'the dashboard shows figures for a file the editor cannot analyse');
        return;
      }
      const cli = cliJson(file);
      const dashboard = dashboardMessage(file, text);
      assert.ok(dashboard, 'the dashboard got a modelError for a file the editor analyses');
      const { memory } = DEFAULT_DASHBOARD_STATE;

      // Totals: CodeLens ⇔ CLI ⇔ the dashboard's layers table footer and memory view.
      const lens = totalsLensTitle(analysis.totals, analysis.memory);
      const detail = computeMemoryDetail(dashboard.analysis.layers, memory);
      const rows = layerRows(dashboard.analysis, memory.batchSize, memory.dtype);
      const footer = tableTotals(dashboard.analysis, memory.batchSize, memory.dtype);
      assert.equal(lens, `CNN Explorer: ${formatCount(cli.totals.params)} params · weights ${formatBytes(cli.memory.parameterBytes)} · training ${formatBytes(cli.memory.trainingPeakBytes) === '?' ? '≈ ?' : `≈ ${formatBytes(cli.memory.trainingPeakBytes)} for TF.js 4.x`} at batch ${cli.memory.batchSize} (${cli.memory.optimizer}, ${cli.memory.dtype})`);
      assert.equal(footer.params, cli.totals.params, 'layers table total parameters');
      assert.equal(footer.trainable, cli.totals.trainableParams, 'layers table trainable parameters');
      assert.equal(footer.nonTrainable, cli.totals.nonTrainableParams, 'layers table non-trainable parameters');
      assert.equal(footer.macs, cli.totals.macs, 'layers table MACs');
      const figures = ['parameterBytes', 'gradientBytes', 'optimizerStateBytes', 'activationBytes', 'inferencePeakBytes', 'trainingPeakBytes'] as const;
      for (const key of figures) assert.equal(known(detail[key]), cli.memory[key], `memory view ${key}`);
      const [inferenceBar, trainingBar] = memoryBars(detail);
      assert.equal(known(inferenceBar.total), cli.memory.inferencePeakBytes, 'inference bar');
      assert.equal(known(trainingBar.total), cli.memory.trainingPeakBytes, 'training bar');

      // Per layer: each hover ⇔ the CLI's layer ⇔ the dashboard's table row.
      assert.deepEqual(rows.map((r) => r.name), cli.layers.map((l) => l.name));
      for (const [i, layer] of cli.layers.entries()) {
        const editorLayer = analysis.layers[i];
        const hover = hoverFigures(hoverMarkdown(editorLayer, { batchSize: memory.batchSize, dtype: memory.dtype, diagnostics: [] }));
        const perBatch = layer.outputBytesPerSample === null ? null : layer.outputBytesPerSample * memory.batchSize;
        assert.equal(hover.params, formatCount(layer.params), `${layer.name}: hover parameters`);
        assert.equal(hover.perSample, formatBytes(layer.outputBytesPerSample), `${layer.name}: hover output memory per sample`);
        assert.equal(hover.perBatch, formatBytes(perBatch), `${layer.name}: hover output memory per batch`);
        assert.equal(rows[i].params, layer.params, `${layer.name}: table parameters`);
        assert.equal(rows[i].memory, perBatch, `${layer.name}: table output memory`);
      }
    });
  }

  it('built-in LeNet: the CLI and the dashboard', () => {
    const cli = cliJson('--builtin', 'lenet');
    const received = parseHostToWebview(JSON.parse(JSON.stringify(modelMessageFromIR({ key: 'builtin', title: 'LeNet', source: 'builtin', uri: null }, lenetModelIR()))));
    assert.ok(received.ok && received.value.type === 'model');
    const detail = computeMemoryDetail(received.value.analysis.layers, DEFAULT_DASHBOARD_STATE.memory);
    assert.equal(tableTotals(received.value.analysis, 100, 'float32').params, cli.totals.params);
    for (const key of ['parameterBytes', 'gradientBytes', 'optimizerStateBytes', 'activationBytes', 'inferencePeakBytes', 'trainingPeakBytes'] as const) {
      assert.equal(known(detail[key]), cli.memory[key], key);
    }
  });
});
