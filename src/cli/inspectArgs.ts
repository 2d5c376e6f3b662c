// Arguments of `cnn-explorer inspect`, parsed with node's util.parseArgs and checked into a typed value.
import { parseArgs } from 'node:util';
import { ANALYSIS_DEFAULTS, type DType, type OptimizerName } from '../core';
import { DTYPES, isDType, isMemoryDevice, isOptimizerName, MEMORY_DEVICES, OPTIMIZER_NAMES, type MemoryDevice, type MemoryFramework, type MemoryOptions } from '../core/memory';
import { LENET_ACTIVATIONS, LENET_DEFAULTS, type LeNetActivation } from '../core/lenet';

export const BUILTIN_MODELS = ['lenet'] as const;

/** --framework's values and the memory model each names (`ideal`: the ideal autograd, a lower bound for teaching). */
export const FRAMEWORK_ARGS: Readonly<Record<string, MemoryFramework>> = { tfjs: 'tfjs', pytorch: 'pytorch', ideal: 'idealAutograd' };

/** Which engine reads a PyTorch source: the static one (never runs code), PyTorch itself, or static then PyTorch where static cannot follow. */
export const PYTORCH_ENGINES = ['static', 'torch', 'auto'] as const;
export type PyTorchEngineChoice = (typeof PYTORCH_ENGINES)[number];

/** What only a PyTorch source (.py, .ipynb) takes. */
export interface PyTorchArgs {
  /** The model: a module-level variable or a class; undefined = issue #12's default rule. */
  entry?: string;
  /** Per sample (C×H×W), from --input-shape; undefined = the file's `# input:` comment. */
  inputShape?: number[];
  engine: PyTorchEngineChoice;
  /** The interpreter with torch for --engine torch|auto. */
  python: string;
}

export interface InspectArgs {
  source:
    | { kind: 'file'; path: string }
    | { kind: 'pytorch'; path: string; notebook: boolean; options: PyTorchArgs }
    | { kind: 'builtin'; name: 'lenet'; activation: LeNetActivation; dropoutRate: number };
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  /** Whose memory the figures are for; undefined: the model's own (TF.js for JSON files, PyTorch for .py/.ipynb). */
  framework?: MemoryFramework;
  /** The device PyTorch figures assume. */
  device: MemoryDevice;
  format: 'table' | 'json';
}

/** The memory options the analysis runs with. */
export function memoryOptionsOf(args: InspectArgs): MemoryOptions {
  return { batchSize: args.batchSize, dtype: args.dtype, optimizer: args.optimizer, device: args.device, ...(args.framework ? { framework: args.framework } : {}) };
}

export const INSPECT_USAGE = `Usage: cnn-explorer inspect <model.json | model.py | notebook.ipynb | --builtin lenet> [options]

Shapes, parameters, MACs and memory of a TF.js layers model (model.json), a Keras model JSON, or PyTorch nn.Module
code (a .py file, or a notebook's code cells in order).

Options:
  --builtin lenet          the course notebook's LeNet-5 instead of a file
    --activation NAME      LeNet's activation: ${LENET_ACTIVATIONS.join(', ')} (default ${LENET_DEFAULTS.activation})
    --dropout RATE         LeNet's dropout rate in [0, 1) (default ${LENET_DEFAULTS.dropoutRate})
  --entry NAME             PyTorch: the model to inspect, a module-level variable or an nn.Module class
                           (default: the last module-level model, else the outermost nn.Module class)
  --input-shape SHAPE      PyTorch: the input per sample without the batch, e.g. 1,28,28 or 1x28x28
                           (default: the file's "# input: 1x28x28" comment; without either, only what
                           needs no input shape: parameters and channel chaining)
  --engine E               PyTorch: static (default; never runs the code) | torch (runs it with your
                           python3's PyTorch on the meta device) | auto (static, and torch where static
                           cannot follow)
  --python PATH            PyTorch: the interpreter with torch for --engine torch|auto
                           (default: $CNN_EXPLORER_PYTHON, else python3)
  --batch N                batch size for the memory figures (default 100, the notebook's)
  --dtype T                ${DTYPES.join(' | ')} (default float32)
  --optimizer NAME         ${OPTIMIZER_NAMES.join(' | ')} (default adam)
  --framework F            whose memory the figures are for: tfjs (TF.js 4.x) | pytorch (PyTorch 2.x eager)
                           | ideal (an ideal autograd: a lower bound no framework reaches, for teaching)
                           (default: the model's own, tfjs for JSON files, pytorch for .py/.ipynb)
  --device D               ${MEMORY_DEVICES.join(' | ')}: the device PyTorch memory figures assume (default cuda)
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
        framework: { type: 'string' },
        device: { type: 'string' },
        format: { type: 'string' },
        entry: { type: 'string' },
        'input-shape': { type: 'string' },
        engine: { type: 'string' },
        python: { type: 'string' },
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
    const path = positionals[0];
    const pytorch = /\.(py|ipynb)$/i.test(path);
    if (pytorch) {
      const options = parsePyTorchArgs(values);
      if ('error' in options) return fail(options.error);
      source = { kind: 'pytorch', path, notebook: /\.ipynb$/i.test(path), options };
    } else {
      source = { kind: 'file', path };
    }
  }
  if (source.kind !== 'pytorch') {
    const given = (['entry', 'input-shape', 'engine', 'python'] as const).filter((k) => values[k] !== undefined);
    if (given.length > 0) return fail(`--${given[0]} applies to PyTorch sources (.py, .ipynb) only`);
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
  let framework: MemoryFramework | undefined;
  if (values.framework !== undefined) {
    framework = Object.hasOwn(FRAMEWORK_ARGS, values.framework) ? FRAMEWORK_ARGS[values.framework] : undefined;
    if (!framework) return fail(`unknown --framework "${values.framework}"; use ${Object.keys(FRAMEWORK_ARGS).join(', ')}`);
  }
  const device = values.device ?? 'cuda';
  if (!isMemoryDevice(device)) return fail(`unknown --device "${device}"; use ${MEMORY_DEVICES.join(' or ')}`);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') return fail(`unknown --format "${format}"; use table or json`);
  return { ok: true, args: { source, batchSize, dtype, optimizer, ...(framework ? { framework } : {}), device, format } };
}

/** `1,28,28`, `1x28x28`, `(1, 28, 28)`: whole numbers ≥ 1. */
export function parseShapeArg(text: string): number[] | undefined {
  const dims = text.trim().replace(/^[([]|[)\]]$/g, '').split(/\s*[,x×]\s*|\s+/);
  if (dims.length === 0 || dims.some((d) => !/^\d+$/.test(d))) return undefined;
  const shape = dims.map(Number);
  return shape.every((d) => Number.isSafeInteger(d) && d >= 1) ? shape : undefined;
}

function parsePyTorchArgs(values: { entry?: string; 'input-shape'?: string; engine?: string; python?: string }): PyTorchArgs | { error: string } {
  const engine = values.engine ?? 'static';
  if (!(PYTORCH_ENGINES as readonly string[]).includes(engine)) return { error: `unknown --engine "${engine}"; use ${PYTORCH_ENGINES.join(', ')}` };
  let inputShape: number[] | undefined;
  if (values['input-shape'] !== undefined) {
    inputShape = parseShapeArg(values['input-shape']);
    if (!inputShape) return { error: `--input-shape must be whole numbers ≥ 1 without the batch, e.g. 1,28,28 (got "${values['input-shape']}")` };
  }
  if (values.entry !== undefined && !/^[A-Za-z_]\w*$/.test(values.entry)) return { error: `--entry must be a Python name (got "${values.entry}")` };
  const python = values.python ?? process.env.CNN_EXPLORER_PYTHON ?? 'python3';
  return { engine: engine as PyTorchEngineChoice, python, ...(values.entry !== undefined ? { entry: values.entry } : {}), ...(inputShape ? { inputShape } : {}) };
}
