// Arguments of `cnn-explorer inspect`, parsed with node's util.parseArgs and checked into a typed value.
import { parseArgs } from 'node:util';
import { ANALYSIS_DEFAULTS, type DType, type OptimizerName } from '../core';
import { DTYPES, isDType, isOptimizerName, OPTIMIZER_NAMES } from '../core/memory';
import { LENET_ACTIVATIONS, LENET_DEFAULTS, type LeNetActivation } from '../core/lenet';

export const BUILTIN_MODELS = ['lenet'] as const;

export interface InspectArgs {
  source: { kind: 'file'; path: string } | { kind: 'builtin'; name: 'lenet'; activation: LeNetActivation; dropoutRate: number };
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  format: 'table' | 'json';
}

export const INSPECT_USAGE = `Usage: cnn-explorer inspect <model.json | --builtin lenet> [options]

Shapes, parameters, MACs and memory of a TF.js layers model (model.json) or Keras model JSON.

Options:
  --builtin lenet          the course notebook's LeNet-5 instead of a file
    --activation NAME      LeNet's activation: ${LENET_ACTIVATIONS.join(', ')} (default ${LENET_DEFAULTS.activation})
    --dropout RATE         LeNet's dropout rate in [0, 1) (default ${LENET_DEFAULTS.dropoutRate})
  --batch N                batch size for the memory figures (default 100, the notebook's)
  --dtype T                ${DTYPES.join(' | ')} (default float32)
  --optimizer NAME         ${OPTIMIZER_NAMES.join(' | ')} (default adam)
  --format F               table | json (default table)
  -h, --help               this help

Exit status: 0 the model is sound, 1 it has errors (everything computable is still printed),
2 the file cannot be read or parsed, or the arguments are wrong.`;

export type ParsedInspectArgs = { ok: true; args: InspectArgs } | { ok: false; help: true } | { ok: false; help: false; error: string };

export function parseInspectArgs(argv: readonly string[]): ParsedInspectArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        builtin: { type: 'string' },
        activation: { type: 'string' },
        dropout: { type: 'string' },
        batch: { type: 'string' },
        dtype: { type: 'string' },
        optimizer: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { ok: false, help: false, error: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: false, help: true };
  const fail = (error: string): ParsedInspectArgs => ({ ok: false, help: false, error });

  let source: InspectArgs['source'];
  if (values.builtin !== undefined) {
    if (positionals.length > 0) return fail(`give either a model file or --builtin, not both (got "${positionals[0]}")`);
    if (values.builtin !== 'lenet') return fail(`unknown built-in model "${values.builtin}"; available: ${BUILTIN_MODELS.join(', ')}`);
    const activation = values.activation ?? LENET_DEFAULTS.activation;
    if (!(LENET_ACTIVATIONS as readonly string[]).includes(activation)) {
      return fail(`unknown activation "${activation}"; use one of ${LENET_ACTIVATIONS.join(', ')}`);
    }
    const dropoutRate = values.dropout === undefined ? LENET_DEFAULTS.dropoutRate : Number(values.dropout);
    if (!Number.isFinite(dropoutRate) || dropoutRate < 0 || dropoutRate >= 1) {
      return fail(`--dropout must be a number in [0, 1) (got "${values.dropout}")`);
    }
    source = { kind: 'builtin', name: 'lenet', activation: activation as LeNetActivation, dropoutRate };
  } else {
    if (values.activation !== undefined || values.dropout !== undefined) return fail('--activation and --dropout apply to --builtin lenet only');
    if (positionals.length === 0) return fail('missing the model: give a model.json path or --builtin lenet');
    if (positionals.length > 1) return fail(`one model at a time (got ${positionals.length}: ${positionals.join(', ')})`);
    source = { kind: 'file', path: positionals[0] };
  }

  const batchText = values.batch ?? String(ANALYSIS_DEFAULTS.batchSize);
  const batchSize = Number(batchText);
  if (!/^\d+$/.test(batchText) || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    return fail(`--batch must be a whole number ≥ 1 (got "${batchText}")`);
  }
  const dtype = values.dtype ?? ANALYSIS_DEFAULTS.dtype;
  if (!isDType(dtype)) return fail(`unknown --dtype "${dtype}"; use ${DTYPES.join(' or ')}`);
  const optimizer = (values.optimizer ?? ANALYSIS_DEFAULTS.optimizer).toLowerCase();
  if (!isOptimizerName(optimizer)) return fail(`unknown --optimizer "${values.optimizer}"; use one of ${OPTIMIZER_NAMES.join(', ')}`);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') return fail(`unknown --format "${format}"; use table or json`);
  return { ok: true, args: { source, batchSize, dtype, optimizer, format } };
}
