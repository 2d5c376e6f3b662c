// `cnn-explorer inspect`: read a model (file or built-in), analyse it, print table or JSON, return the exit code.
import type { Analysis, Diagnostic } from '../core';
import { analyzeModel, analyzeModelText } from '../core';
import { lenetModelIR } from '../core/lenet';
import { EXIT_MODEL_ERRORS, EXIT_OK, EXIT_UNUSABLE, type CliIO } from './io';
import { diagnosticJson, inspectJson } from './inspectJson';
import { describeDiagnostic, inspectTable } from './inspectTable';
import { INSPECT_USAGE, memoryOptionsOf, parseInspectArgs, type InspectArgs } from './inspectArgs';
import { inspectPyTorch } from './inspectPyTorch';

export function runInspect(argv: readonly string[], io: CliIO): number | Promise<number> {
  const parsed = parseInspectArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      io.stdout(INSPECT_USAGE + '\n');
      return EXIT_OK;
    }
    io.stderr(`cnn-explorer inspect: ${parsed.error}\n\n${INSPECT_USAGE}\n`);
    return EXIT_UNUSABLE;
  }
  const args = parsed.args;
  const options = memoryOptionsOf(args);

  if (args.source.kind === 'pytorch') return inspectPyTorch(args, args.source, io);
  let analysis: Analysis | undefined;
  let diagnostics: Diagnostic[];
  if (args.source.kind === 'builtin') {
    analysis = analyzeModel(lenetModelIR({ activation: args.source.activation, dropoutRate: args.source.dropoutRate }), options);
    diagnostics = analysis.diagnostics;
  } else {
    let text: string;
    try {
      text = io.readFile(args.source.path);
    } catch (err) {
      const message = `cannot read ${args.source.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      return unusable(args, io, [{ severity: 'error', message, path: [] }]);
    }
    ({ analysis, diagnostics } = analyzeModelText(text, options));
  }
  if (!analysis) return unusable(args, io, diagnostics);

  io.stdout(args.format === 'json' ? JSON.stringify(inspectJson(analysis), null, 2) + '\n' : inspectTable(analysis));
  return analysis.diagnostics.some((d) => d.severity === 'error') ? EXIT_MODEL_ERRORS : EXIT_OK;
}

/** Nothing to analyse: say why (on stdout as the one JSON object in json mode, so scripts can read it; stderr otherwise). */
function unusable(args: InspectArgs, io: CliIO, diagnostics: Diagnostic[]): number {
  if (args.format === 'json') {
    io.stdout(JSON.stringify({ model: null, layers: [], totals: null, memory: null, diagnostics: diagnostics.map(diagnosticJson) }, null, 2) + '\n');
  } else {
    const source = args.source.kind === 'builtin' ? args.source.name : args.source.path;
    io.stderr(diagnostics.map((d) => `${source}: ${describeDiagnostic(d)}${d.offset !== undefined ? ` (offset ${d.offset})` : ''}`).join('\n') + '\n');
  }
  return EXIT_UNUSABLE;
}
