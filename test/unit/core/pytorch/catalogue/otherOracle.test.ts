// The non-spatial half of the PyTorch catalogue (linear, activations, dropout, reshaping, embedding, recurrent)
// against PyTorch 1.13 itself: test/fixtures/pytorch-layer-grid/other.json, recorded by
// scripts/oracle/torch_layer_grid_other.py over a grid of configurations. For every case: the parameter and buffer
// names and shapes (named_parameters/named_buffers), every output's shape and dtype (tuples nested), PyTorch's error
// message word for word and whether it came from __init__ or the call, and whether PyTorch warned.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { torchCallable, torchModuleRule } from '../../../../../src/core/layers/torch/registry';
import type { CallValue, ParamSpec, TorchModuleRule, ForwardResult } from '../../../../../src/core/layers/torch/types';
import { TorchRuleError } from '../../../../../src/core/layers/torch/types';

type Spec = number | string | boolean | null | { tensor: number[]; dtype: string } | { tuple: Spec[] } | Spec[];

interface Described { shape: number[]; dtype: string }
type Output = Described | Output[];

interface GridCase {
  target: string;
  args: Spec[];
  kwargs: Record<string, Spec>;
  inputs: Spec[];
  callKwargs: Record<string, Spec>;
  training: boolean;
  lazy?: boolean;
  parameters?: { name: string; shape: number[] }[];
  buffers?: { name: string; shape: number[]; dtype: string }[];
  output?: Output;
  error?: { stage: 'init' | 'forward'; type: string; message: string };
  warnings: string[];
  /** What autograd saved in one training call (PyTorch 1.13, CPU), for a module that ran: each storage once. */
  saved?: { who: 'input' | 'output' | 'param' | 'new'; elements: number; dtype: string }[];
}

const grid = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'fixtures', 'pytorch-layer-grid', 'other.json'), 'utf8')) as {
  torch: string;
  cases: GridCase[];
};

/** The grid's JSON values as the catalogue's plain values (a tensor spec → TensorValue, a tuple → array). */
function decode(spec: Spec): CallValue {
  if (Array.isArray(spec)) return spec.map(decode);
  if (spec !== null && typeof spec === 'object') {
    if ('tensor' in spec) return { kind: 'tensor', shape: spec.tensor, dtype: spec.dtype };
    return spec.tuple.map(decode);
  }
  return spec;
}

/** Binds positional and keyword arguments to a signature as Python does, defaults filled in. */
function bind(signature: readonly ParamSpec[], positional: CallValue[], keywords: Record<string, CallValue>): Record<string, CallValue> {
  const bound: Record<string, CallValue> = {};
  const rest = positional.slice();
  for (const param of signature) {
    if (param.variadic) {
      bound[param.name] = rest.splice(0);
      continue;
    }
    if (!param.keywordOnly && rest.length > 0) bound[param.name] = rest.shift() as CallValue;
  }
  assert.equal(rest.length, 0, `too many positional arguments for (${signature.map((p) => p.name).join(', ')})`);
  const variadic = signature.some((p) => p.variadic);
  for (const [name, value] of Object.entries(keywords)) {
    if (!signature.some((p) => p.name === name && !p.variadic)) {
      assert.ok(variadic, `unexpected keyword argument '${name}'`);
      continue;
    }
    assert.ok(!(name in bound), `got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  for (const param of signature) {
    if (param.name in bound || param.variadic) continue;
    assert.ok(!param.required, `missing required argument '${param.name}'`);
    bound[param.name] = param.default ?? null;
  }
  return bound;
}

/** The result's tensors in the grid's notation. */
function described(value: CallValue): Output | string {
  if (Array.isArray(value)) return value.map(described) as Output;
  if (value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'tensor') {
    return { shape: value.shape as number[], dtype: value.dtype };
  }
  // The oracle writes a non-tensor result as Python's repr.
  return value === null ? 'None' : JSON.stringify(value);
}

interface Run {
  stage: 'init' | 'forward' | 'done';
  error?: TorchRuleError;
  weights?: ReturnType<TorchModuleRule['weights']>;
  result?: ForwardResult;
  warnings: string[];
  derivation: string[];
}

/** One case through the catalogue: the module's weights(), then one forward call (or the functional form's). */
function runCase(c: GridCase): Run {
  const run: Run = { stage: 'init', warnings: [], derivation: [] };
  const ctx = (args: Record<string, CallValue>, inputs: Record<string, CallValue>) => ({
    args: args as never, inputs, training: c.training,
    derive: (line: string) => run.derivation.push(line),
    warn: (message: string) => run.warnings.push(message),
  });
  const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)]));
  const callKwargs = Object.fromEntries(Object.entries(c.callKwargs).map(([k, v]) => [k, decode(v)]));
  try {
    const rule = torchModuleRule(c.target);
    if (rule) {
      const args = bind(rule.signature, c.args.map(decode), kwargs);
      run.weights = rule.weights(args as never);
      run.stage = 'forward';
      const inputs = bind(rule.forwardSignature ?? [{ name: 'input', required: true }], c.inputs.map(decode), callKwargs);
      run.result = rule.forward(ctx(args, inputs));
    } else {
      const callable = torchCallable(c.target);
      assert.ok(callable && callable.kind === 'functional', `${c.target} is not in the catalogue as a module's functional form`);
      run.stage = 'forward';
      const bound = bind(callable.form.signature, [...c.inputs.map(decode), ...c.args.map(decode)], kwargs);
      const { args, inputs } = callable.form.toModule(bound);
      run.result = callable.rule.forward(ctx(args as Record<string, CallValue>, inputs as Record<string, CallValue>));
    }
    run.stage = 'done';
  } catch (e) {
    if (!(e instanceof TorchRuleError)) throw e;
    run.error = e;
  }
  return run;
}

/**
 * Warnings PyTorch gives that the catalogue does not repeat, with why: LazyLinear's notice that lazy modules are new
 * (said by __init__, where rules have no context, and about PyTorch rather than the model); F.sigmoid/F.tanh's
 * deprecation (the rule is the same for torch.sigmoid, which does not warn).
 */
const UNREPEATED_WARNINGS = [/^Lazy modules are a new feature/, /^nn\.functional\.(sigmoid|tanh) is deprecated/];

function caseName(c: GridCase): string {
  const args = [...c.args.map((a) => JSON.stringify(a)), ...Object.entries(c.kwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(', ');
  const inputs = [...c.inputs.map((i) => JSON.stringify(i)), ...Object.entries(c.callKwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(', ');
  return `${c.target}(${args}) on ${inputs}`.replace(/\{"tensor":(\[[^\]]*\]),"dtype":"float32"\}/g, '$1').replace(/"dtype":/g, '');
}

describe(`PyTorch catalogue, non-spatial families, against PyTorch ${grid.torch} (other.json: ${grid.cases.length} cases)`, () => {
  for (const c of grid.cases) {
    it(caseName(c), () => {
      const run = runCase(c);
      if (c.error) {
        assert.ok(run.error, `PyTorch raised ${c.error.type}: ${c.error.message} (in ${c.error.stage}); the catalogue raised nothing`);
        assert.equal(run.error.message, c.error.message);
        assert.equal(run.stage, c.error.stage, 'raised in __init__ (weights) vs the call (forward)');
        return;
      }
      assert.equal(run.error, undefined, `the catalogue raised "${run.error?.message}" where PyTorch ran`);
      if (c.lazy) {
        assert.equal(run.weights, null, 'a lazy module has no parameter shapes before its first call');
      } else if (c.parameters && run.weights !== undefined) {
        assert.ok(run.weights, 'weights() gave null for known arguments');
        assert.deepEqual(run.weights.parameters.map((p) => ({ name: p.name, shape: [...p.shape] })), c.parameters);
        assert.deepEqual(run.weights.buffers.map((b) => ({ ...b, shape: [...b.shape] })), c.buffers);
      }
      assert.deepEqual(described(run.result!.output), c.output);
      const expected = c.warnings.filter((w) => !UNREPEATED_WARNINGS.some((re) => re.test(w)));
      if (expected.length > 0) {
        for (const w of expected) assert.ok(run.warnings.some((ours) => ours.startsWith(w)), `PyTorch warned "${w}"; ours: ${JSON.stringify(run.warnings)}`);
      } else {
        assert.deepEqual(run.warnings, [], 'the catalogue warned where PyTorch did not');
      }
    });
  }

  describe('what autograd saves (backward.pytorch) against saved_tensors_hooks on the CPU', () => {
    const BYTES: Record<string, number> = { float32: 4, int64: 8, bool: 1 };
    // An unbatched input to Dropout1d/Dropout3d: its noise is per call, and the walk's per-sample counts need a batch axis.
    const unbatched = (c: GridCase, rank: number) =>
      (c.target === 'Dropout1d' && rank !== 3) || (c.target === 'Dropout3d' && rank !== 5);
    const inplace = (c: GridCase) => c.kwargs.inplace === true || (c.target === 'LeakyReLU' && c.args[1] === true);
    // Dropout between stacked RNN layers saves a noise tensor the rule cannot see (the geometry has no arguments).
    const rnnDropout = (c: GridCase) => typeof c.kwargs.dropout === 'number' && c.kwargs.dropout > 0 && Number(c.kwargs.num_layers ?? 1) > 1;
    const RECURRENT = new Set(['RNN', 'GRU', 'LSTM']);
    // A cell given hx: the rule stands on the ideal needs (only the hx-less counts were measured).
    const cellWithHx = (c: GridCase) => c.target.endsWith('Cell') && c.inputs.length > 1;
    /** Where the batch is, as the analysis writes it (null): axis 1 of a sequence-first RNN's input, none unbatched (RNNs, cells). */
    const batchAxisOf = (c: GridCase, rank: number): number | undefined => {
      if (c.target.endsWith('Cell')) return rank === 2 ? 0 : undefined;
      if (!RECURRENT.has(c.target)) return 0;
      if (rank !== 3) return undefined;
      return c.kwargs.batch_first === true ? 0 : 1;
    };
    const flatTensors = (value: CallValue): { shape: number[] }[] => Array.isArray(value)
      ? value.flatMap(flatTensors)
      : typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'tensor' ? [value as { shape: number[] }] : [];
    const measured = grid.cases.filter((c) => c.saved && torchModuleRule(c.target)?.backward.pytorch);
    for (const c of measured) {
      const first = decode(c.inputs[0]) as { shape: number[] };
      // The saved tensors are training's (an eval-mode dropout saves nothing); a 0-d input has no batch axis.
      if (!c.training || inplace(c) || first.shape.length === 0 || unbatched(c, first.shape.length) || rnnDropout(c) || cellWithHx(c)) continue;
      it(caseName(c), () => {
        const rule = torchModuleRule(c.target)!;
        const run = runCase(c);
        const axis = batchAxisOf(c, first.shape.length);
        const batch = axis === undefined ? 1 : first.shape[axis];
        const inputs = c.inputs.map(decode).flatMap(flatTensors).map((t) => t.shape);
        const outputs = flatTensors(run.result!.output).map((t) => t.shape);
        // The analysis's shapes: the batch axis null (h_n/c_n carry it on axis 1), as the memory walk sees them.
        const withNullBatch = (shape: readonly number[], at: number | undefined) => shape.map((d, i) => (i === at ? null : d));
        const perSample = (shape: readonly number[], at: number | undefined) => shape.filter((_, i) => i !== at).reduce((a, b) => a * b, 1);
        const stateAxis = axis === undefined ? undefined : 1;
        const cost = rule.backward.pytorch!({
          device: 'cpu',
          input: inputs.reduce((sum, shape, i) => sum + perSample(shape, i === 0 ? axis : stateAxis), 0),
          output: perSample(outputs[0], axis),
          weights: run.weights?.parameters.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0) ?? 0,
          inputShapes: inputs.map((shape, i) => withNullBatch(shape, i === 0 ? axis : stateAxis)),
          outputShapes: outputs.map((shape, i) => withNullBatch(shape, i === 0 ? axis : stateAxis)),
        });
        const saved = c.saved!;
        assert.equal(cost.keepsInput ?? false, saved.some((t) => t.who === 'input'), `keepsInput; PyTorch saved ${JSON.stringify(saved)}`);
        assert.equal(cost.keepsOutput ?? false, saved.some((t) => t.who === 'output'), `keepsOutput; PyTorch saved ${JSON.stringify(saved)}`);
        const fresh = saved.filter((t) => t.who === 'new');
        const bytes = fresh.reduce((sum, t) => sum + t.elements * BYTES[t.dtype], 0);
        const ours = (cost.saved.perSample * batch + cost.saved.fixed) * (cost.savedBytesPerElement ?? 4);
        assert.equal(ours, bytes, `new tensors saved: ours ${ours} B (${cost.why}), PyTorch ${fresh.length} storages`);
      });
    }

    it('the classes whose PyTorch cost is the default (ideal needs by reference) are the ones listed', () => {
      const defaulted = [...new Set(grid.cases.filter((c) => torchModuleRule(c.target) && !torchModuleRule(c.target)!.backward.pytorch).map((c) => c.target))];
      // Their autograd saves gates, states or attention weights that no rule here models yet.
      // The losses run after the model (they are registered modules, rarely called in forward).
      const losses = ['BCELoss', 'BCEWithLogitsLoss', 'CrossEntropyLoss', 'HuberLoss', 'KLDivLoss', 'L1Loss', 'MSELoss', 'NLLLoss', 'SmoothL1Loss'];
      assert.deepEqual(defaulted.sort(), ['EmbeddingBag', 'MultiheadAttention', ...losses].sort());
    });
  });

  it('the lazy cases: the parameters PyTorch creates on the first call are the ones the derivation counts', () => {
    for (const c of grid.cases.filter((g) => g.lazy && g.parameters)) {
      const run = runCase(c);
      const total = c.parameters!.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
      assert.ok(run.derivation.some((line) => line.startsWith('params = ') && line.includes(`= ${total} after the first call`)), run.derivation.join('\n'));
    }
  });

  it('the recorded grid is what PyTorch says when the oracle runs again (where /usr/bin/python3 has torch)', function () {
    this.timeout(180000);
    if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) this.skip();
    const script = join(__dirname, '..', '..', '..', '..', '..', 'scripts', 'oracle', 'torch_layer_grid_other.py');
    const check = spawnSync('/usr/bin/python3', [script, '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  it('covers every class and functional name of the families it tests', () => {
    const targets = new Set(grid.cases.map((c) => c.target));
    const classes = [
      'Linear', 'LazyLinear', 'Bilinear', 'Identity', 'Flatten', 'Unflatten', 'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d',
      'AlphaDropout', 'FeatureAlphaDropout', 'Embedding', 'EmbeddingBag', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell',
      'ReLU', 'ReLU6', 'LeakyReLU', 'PReLU', 'RReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh', 'Hardtanh',
      'Hardsigmoid', 'Hardswish', 'Softplus', 'Softsign', 'Softshrink', 'Hardshrink', 'Tanhshrink', 'Threshold', 'LogSigmoid', 'GLU',
      'Softmax', 'LogSoftmax', 'Softmin', 'Softmax2d', 'MultiheadAttention', 'CrossEntropyLoss', 'NLLLoss', 'MSELoss', 'L1Loss',
      'SmoothL1Loss', 'HuberLoss', 'BCELoss', 'BCEWithLogitsLoss', 'KLDivLoss',
    ];
    const missing: string[] = [];
    for (const name of classes) {
      assert.ok(torchModuleRule(name), `${name} is not in the catalogue`);
      if (!targets.has(name)) missing.push(name);
      for (const form of torchModuleRule(name)!.functional ?? []) missing.push(...form.names.filter((fn) => !targets.has(fn)));
    }
    assert.deepEqual(missing, [], 'classes and functions without a case in the oracle grid');
  });
});
