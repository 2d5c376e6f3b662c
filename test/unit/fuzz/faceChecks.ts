// What the fuzz suite asserts of one model file's text, face by face: the analysis, the CLI's JSON and table, the
// editor's hover, inlay hint and CodeLens text, and the dashboard's model message with the webview's own validator.
// Never an exception, never a NaN, infinite or negative figure shown, and every model message the host would send
// is accepted by the webview. Each check throws an AssertionError naming what is wrong.
import * as assert from 'node:assert';
import type { Analysis } from '../../../src/core/analysisResult';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import { runCli } from '../../../src/cli/main';
import { layerConfigsOf } from '../../../src/extension/dashboard/modelLoader';
import { hoverMarkdown, inlayHintText, totalsLensTitle } from '../../../src/extension/inspector/layerText';
import { analyzeModelDocument, flattenLayers } from '../../../src/extension/inspector/modelDocuments';
import { parseHostToWebview, type HostToWebview } from '../../../src/protocol';
import { analysisFigureProblems, isShownFigure, unsoundFigureText } from './figures';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;

function analysed(text: string): Analysis | undefined {
  return analyzeModelText(text, options).analysis;
}

/** runCli in-process on the text as the file `model.json`. */
function cli(text: string, format: 'json' | 'table'): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(['inspect', 'model.json', '--format', format], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: () => text,
  }) as number;
  return { code, stdout, stderr };
}

/** The last three cells of a table row (params, MACs, output memory), found after its first cell. */
function rowFigures(table: string, from: number, firstCell: string): { cells: string[]; next: number } | undefined {
  const start = table.indexOf(firstCell, from);
  if (start === -1) return undefined;
  const end = table.indexOf('\n', start + firstCell.length);
  const rest = table.slice(start + firstCell.length, end === -1 ? undefined : end);
  return { cells: rest.trim().split(/\s{3,}/).slice(-3), next: end };
}


export function checkAnalysis(text: string): void {
  const analysis = analysed(text);
  if (!analysis) return;
  assert.deepStrictEqual(analysisFigureProblems(analysis), []);
}

export function checkCli(text: string): void {
  const json = cli(text, 'json');
  assert.ok([0, 1, 2].includes(json.code), `exit ${json.code}`);
  const out = JSON.parse(json.stdout) as { layers: Record<string, unknown>[]; totals: Record<string, unknown> | null; memory: Record<string, unknown> | null };
  const figures: [string, unknown][] = [
    ...out.layers.flatMap((l) => ['params', 'trainableParams', 'nonTrainableParams', 'macs', 'outputBytesPerSample'].map((k): [string, unknown] => [`${String(l.name)}.${k}`, l[k]])),
    ...Object.entries(out.totals ?? {}),
    ...Object.entries(out.memory ?? {}).filter(([k]) => k.endsWith('Bytes') || k === 'batchSize'),
  ];
  for (const [what, n] of figures) assert.ok(n === null || (typeof n === 'number' && Number.isFinite(n) && n >= 0), `${what} = ${String(n)}`);

  const table = cli(text, 'table');
  assert.strictEqual(table.code, json.code);
  const analysis = analysed(text);
  if (!analysis) return;
  let from = 0;
  for (const l of analysis.layers) {
    const row = rowFigures(table.stdout, from, `${l.name} (${l.className})`);
    assert.ok(row, `no row for ${l.name}`);
    for (const cell of row.cells) assert.ok(isShownFigure(cell), `row ${JSON.stringify(l.name)}: figure ${JSON.stringify(cell)}`);
    from = row.next;
  }
  for (const label of ['Total params', 'Trainable params', 'Non-trainable params']) {
    const figure = new RegExp(`^${label}: (.*)$`, 'm').exec(table.stdout)?.[1];
    assert.ok(figure !== undefined && isShownFigure(figure), `${label}: ${String(figure)}`);
  }
  const memory = table.stdout.slice(table.stdout.indexOf('Memory for a batch'));
  for (const line of memory.split('\n').filter((x) => /^ {2}\S.*\)$/.test(x))) {
    const cells = line.trim().split(/\s{2,}/);
    assert.ok(isShownFigure(cells[cells.length - 2]), `memory row ${JSON.stringify(line)}`);
    assert.match(cells[cells.length - 1], /^\((unknown|\d{1,3}(,\d{3})* B)\)$/, `memory row ${JSON.stringify(line)}`);
  }
}

export function checkEditor(text: string): void {
  const result = analyzeModelDocument(text, 1, options);
  if (result.status !== 'model' || !result.model.analysis) return;
  const analysis = result.model.analysis;
  for (const layer of result.model.layers) {
    const hint = inlayHintText(layer);
    assert.strictEqual(unsoundFigureText(hint), undefined, `inlay ${JSON.stringify(hint)}`);
    const diagnostics = analysis.diagnostics.filter((d) => d.layer === layer.name);
    const hover = hoverMarkdown(layer, { batchSize: options.batchSize, dtype: options.dtype, diagnostics });
    const figureRows = hover.split('\n').filter((line) => /^\| (Parameters|MACs|Output memory|Calls) \|/.test(line));
    assert.ok(figureRows.length >= 3, hover);
    for (const row of figureRows) assert.strictEqual(unsoundFigureText(row), undefined, `hover row ${JSON.stringify(row)}`);
  }
  const lens = totalsLensTitle(analysis.totals, analysis.memory);
  assert.strictEqual(unsoundFigureText(lens), undefined, `CodeLens ${JSON.stringify(lens)}`);
}

export function checkDashboard(text: string): void {
  // As resolveModelTarget and the dashboard panel compose it (they import vscode): the document's analysis and
  // the IR's layer configs, or the error with the diagnostics; then through JSON, as postMessage sends it.
  const result = analyzeModelDocument(text, 0, options, Infinity);
  const descriptor = { key: 'k', title: 'model.json', source: 'file' as const, uri: 'file:///model.json' };
  let message: HostToWebview;
  if (result.status === 'model' && result.model.analysis && result.model.ir) {
    message = { type: 'model', model: descriptor, analysis: result.model.analysis, layerConfigs: layerConfigsOf(result.model.ir) };
  } else {
    const diagnostics = result.status === 'model' ? result.model.diagnostics.map((d) => d.diagnostic) : [];
    message = { type: 'modelError', model: descriptor, message: `model.json cannot be analysed: ${diagnostics[0]?.message ?? 'unknown reason'}`, diagnostics };
  }
  const received = parseHostToWebview(JSON.parse(JSON.stringify(message)));
  assert.ok(received.ok, `${message.type} rejected: ${received.ok ? '' : received.error}`);
  if (message.type === 'model') {
    assert.deepStrictEqual(analysisFigureProblems(message.analysis), []);
    assert.strictEqual(flattenLayers(message.analysis.layers).length, result.status === 'model' ? result.model.layers.length : 0);
  }
}
