// The spatial half of the PyTorch catalogue (convolution, pooling, normalisation, resampling) against PyTorch 1.13
// itself: test/fixtures/pytorch-layer-grid/spatial.json, recorded by scripts/oracle/torch_layer_grid_spatial.py over a
// grid of configurations. For every case: the parameter and buffer names, shapes and dtypes, every output's shape and
// dtype (return_indices tuples included), whether PyTorch warned, and for an error: raised at the same stage
// (__init__ → weights(), the call → forward) with PyTorch's message as the start of ours (ours may add where the
// numbers come from), or, for the few messages we word differently (listed below with why), every number of
// PyTorch's message in ours.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { torchCallable, torchModuleRule } from '../../../../../src/core/layers/torch/registry';
import type { CallValue, ForwardResult, ParamSpec, TorchModuleRule } from '../../../../../src/core/layers/torch/types';
import { TorchRuleError } from '../../../../../src/core/layers/torch/types';

type Spec = number | string | boolean | null | { tensor: number[]; dtype: string } | Spec[];
interface Described { shape: number[]; dtype: string }
type Output = Described | Output[];

interface GridCase {
  target: string;
  args: Spec[];
  kwargs: Record<string, Spec>;
  inputs: Spec[];
  callKwargs: Record<string, Spec>;
  training: boolean;
  parameters?: { name: string; shape: number[] }[];
  buffers?: { name: string; shape: number[]; dtype: string }[];
  output?: Output;
  error?: { stage: 'init' | 'forward'; type: string; message: string };
  warnings: string[];
  /** What autograd saved in one call (PyTorch 1.13, CPU), for a module that ran. */
  saved?: { who: 'input' | 'output' | 'param' | 'buffer' | 'new'; shape: number[]; dtype: string }[];
}

const grid = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'fixtures', 'pytorch-layer-grid', 'spatial.json'), 'utf8')) as {
  torch: string;
  cases: GridCase[];
};

function decode(spec: Spec): CallValue {
  if (Array.isArray(spec)) return spec.map(decode);
  if (spec !== null && typeof spec === 'object') return { kind: 'tensor', shape: spec.tensor, dtype: spec.dtype };
  return spec;
}

/** Binds positional and keyword arguments to a signature as Python does, defaults filled in. */
function bind(signature: readonly ParamSpec[], positional: CallValue[], keywords: Record<string, CallValue>): Record<string, CallValue> {
  const bound: Record<string, CallValue> = {};
  const rest = positional.slice();
  for (const param of signature) if (!param.keywordOnly && rest.length > 0) bound[param.name] = rest.shift() as CallValue;
  assert.equal(rest.length, 0, `too many positional arguments for (${signature.map((p) => p.name).join(', ')})`);
  for (const [name, value] of Object.entries(keywords)) {
    assert.ok(signature.some((p) => p.name === name), `unexpected keyword argument '${name}'`);
    assert.ok(!(name in bound), `got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  for (const param of signature) {
    if (param.name in bound) continue;
    assert.ok(!param.required, `missing required argument '${param.name}'`);
    bound[param.name] = param.default ?? null;
  }
  return bound;
}

function described(value: CallValue): Output | string {
  if (Array.isArray(value)) return value.map(described) as Output;
  if (value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'tensor') return { shape: value.shape as number[], dtype: value.dtype };
  return JSON.stringify(value);
}

interface Run {
  stage: 'init' | 'forward' | 'done';
  error?: TorchRuleError;
  weights?: ReturnType<TorchModuleRule['weights']>;
  result?: ForwardResult;
  warnings: string[];
  derivation: string[];
}

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
 * PyTorch messages the catalogue words differently, with why. For these, every number in PyTorch's message must be in
 * ours (the ones marked `numbersDiffer` name other numbers: said why).
 */
const REWORDED: { pattern: RegExp; why: string; numbersDiffer?: boolean }[] = [
  { pattern: /^Dimension out of range/, why: "avg_pool2d on a 2-D input: PyTorch's IndexError is about an internal axis; ours says the rank", numbersDiffer: true },
  { pattern: /^(Invalid padding string .*should|padding_mode must) be one of \{/, why: "PyTorch lists a Python set, in the string-hash order of the run (the oracle fixes PYTHONHASHSEED=0); ours in a fixed order" },
  { pattern: /^non-empty 3D or 4D \(batch mode\) tensor expected for input$/, why: 'ours adds the input size' },
  { pattern: /^object of type 'NoneType' has no len\(\)/, why: 'AdaptiveAvgPool2d(None): a Python TypeError; ours says what to write instead' },
  {
    pattern: /^start \(\d+\) \+ length \(-?\d+\) exceeds dimension size/,
    why: "constant padding cropping below zero: PyTorch's narrow() error names the intermediate length; ours the input size, both paddings and the result",
    numbersDiffer: true,
  },
  { pattern: /^conv_transpose2d\(\): argument 'padding' \(position 5\) must be tuple of ints, not tuple/, why: "padding='same' on ConvTranspose2d: PyTorch's TypeError says `tuple`", numbersDiffer: true },
  { pattern: /^fractional_max_pool2d\(\): pool height \d+ too large relative to input height \d+$/, why: 'ours also names the output height' },
  { pattern: /^Expected 3D or higher dimensionality\s+input/, why: "PyTorch's message has a run of spaces from a line continuation" },
];

/** Warnings PyTorch gives that the catalogue does not repeat, with why: none yet. */
const UNREPEATED_WARNINGS: RegExp[] = [];

/** Warnings the catalogue gives where PyTorch is silent, with why. */
const OUR_OWN_WARNINGS: RegExp[] = [
  // PyTorch 1.13 runs InstanceNorm without affine on any channel count; 2.x warns that num_features is unused.
  /^input's size at dim=\d+ \(\d+\) does not match num_features/,
  // TORCH_WARN_ONCE: PyTorch says it once per process, so the grid records it on the first such case only (hand-checked
  // in spatialRules.test.ts: an even kernel warns, an odd one does not).
  /^Using padding='same' with even kernel lengths and odd dilation/,
];

function numbersOf(text: string): string[] {
  return [...new Set(text.match(/-?\d+(\.\d+)?/g) ?? [])];
}

function caseName(c: GridCase): string {
  const args = [...c.args.map((a) => JSON.stringify(a)), ...Object.entries(c.kwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(', ');
  const call = Object.entries(c.callKwargs).map(([k, v]) => `, ${k}=${JSON.stringify(v)}`).join('');
  const inputs = c.inputs.map((i) => JSON.stringify(i)).join(', ');
  return `${c.target}(${args}) on ${inputs}${call}${c.training ? '' : ' (eval)'}`.replace(/\{"tensor":(\[[^\]]*\]),"dtype":"float32"\}/g, '$1');
}

describe(`PyTorch catalogue, spatial families, against PyTorch ${grid.torch} (spatial.json: ${grid.cases.length} cases)`, () => {
  for (const c of grid.cases) {
    it(caseName(c), () => {
      const run = runCase(c);
      if (c.error) {
        assert.ok(run.error, `PyTorch raised ${c.error.type}: ${c.error.message} (in ${c.error.stage}); the catalogue raised nothing`);
        assert.equal(run.stage, c.error.stage, `raised in __init__ (weights) vs the call (forward): ${run.error.message}`);
        const reworded = REWORDED.find((r) => r.pattern.test(c.error!.message));
        if (!reworded) {
          assert.ok(run.error.message.startsWith(c.error.message), `ours: ${run.error.message}\nPyTorch's: ${c.error.message}`);
        } else if (!reworded.numbersDiffer) {
          const ours = new Set(numbersOf(run.error.message));
          const missing = numbersOf(c.error.message).filter((n) => !ours.has(n));
          assert.deepEqual(missing, [], `ours: ${run.error.message}\nPyTorch's: ${c.error.message}`);
        }
        return;
      }
      assert.equal(run.error, undefined, `the catalogue raised "${run.error?.message}" where PyTorch ran`);
      if (c.parameters) {
        assert.ok(run.weights, 'weights() gave null for known arguments');
        assert.deepEqual(run.weights.parameters.map((p) => ({ name: p.name, shape: [...p.shape] })), c.parameters);
        assert.deepEqual(run.weights.buffers.map((b) => ({ name: b.name, shape: [...b.shape], dtype: b.dtype })), c.buffers);
      }
      assert.deepEqual(described(run.result!.output), c.output);
      const expected = c.warnings.filter((w) => !UNREPEATED_WARNINGS.some((re) => re.test(w)));
      for (const w of expected) {
        const head = w.replace(/ \(Triggered internally at .*$/, '');
        assert.ok(run.warnings.some((ours) => ours.startsWith(head)), `PyTorch warned "${w}"; ours: ${JSON.stringify(run.warnings)}`);
      }
      const extra = run.warnings.filter((ours) => !OUR_OWN_WARNINGS.some((re) => re.test(ours)) && !expected.some((w) => ours.startsWith(w.replace(/ \(Triggered internally at .*$/, ''))));
      assert.deepEqual(extra, [], 'the catalogue warned where PyTorch did not');
    });
  }

  describe('what autograd saves (backward.pytorch) against saved_tensors_hooks on the CPU', () => {
    const BYTES: Record<string, number> = { float32: 4, float64: 8, int64: 8, bool: 1 };
    /**
     * Rules that see an argument's effect only as a bound (spatialSavedForBackward.ts says which argument): ours must
     * keep at least what PyTorch keeps and save at least its bytes.
     */
    const BOUNDS = new Set(['GroupNorm', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'Upsample']);
    const bound = (c: GridCase) => BOUNDS.has(c.target) || (c.target === 'LayerNorm' && c.kwargs.elementwise_affine === false);
    const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
    // An unbatched input (rank of the class's spatial axes + 1; BatchNorm1d's 2-D input is batched): per-sample counts need a batch axis.
    const unbatched = (c: GridCase, rank: number) => {
      const d = /(\d)d$/.exec(c.target);
      return d !== null && !c.target.startsWith('BatchNorm') && rank === Number(d[1]) + 1;
    };
    const measured = grid.cases.filter((c) => c.saved && c.training && torchModuleRule(c.target)?.backward.pytorch);
    for (const c of measured) {
      const first = decode(c.inputs[0]) as { shape: number[] };
      if (unbatched(c, first.shape.length)) continue;
      it(caseName(c), () => {
        const rule = torchModuleRule(c.target)!;
        const run = runCase(c);
        const outputs = (Array.isArray(run.result!.output) ? run.result!.output : [run.result!.output]) as { shape: number[] }[];
        const batch = first.shape[0];
        const cost = rule.backward.pytorch!({
          device: 'cpu', input: elements(first.shape) / batch, output: outputs.reduce((sum, o) => sum + elements(o.shape) / batch, 0),
          weights: run.weights?.parameters.reduce((sum, p) => sum + elements(p.shape), 0) ?? 0,
          inputShapes: [first.shape], outputShapes: outputs.map((o) => o.shape),
        });
        const saved = c.saved!;
        const fresh = saved.filter((t) => t.who === 'new');
        const bytes = fresh.reduce((sum, t) => sum + elements(t.shape) * BYTES[t.dtype], 0);
        const ours = (cost.saved.perSample * batch + cost.saved.fixed) * (cost.savedBytesPerElement ?? 4);
        if (run.result!.intermediateElements !== undefined) {
          // A convolution that pads a copy of its input saves the copy: the call's intermediate, which the ideal walk
          // counts (the geometry a FrameworkCostRule sees has no padding_mode).
          assert.equal((run.result!.intermediateElements as number) * batch * 4, bytes, `the padded copy; PyTorch saved ${JSON.stringify(saved)}`);
          return;
        }
        const keptInput = saved.some((t) => t.who === 'input');
        const keptOutput = saved.some((t) => t.who === 'output');
        if (bound(c)) {
          assert.ok((cost.keepsInput ?? false) || !keptInput, `keepsInput; PyTorch saved ${JSON.stringify(saved)}`);
          assert.ok(ours >= bytes, `new tensors saved: ours ${ours} B < PyTorch's ${bytes} B (${JSON.stringify(fresh)})`);
          return;
        }
        assert.equal(cost.keepsInput ?? false, keptInput, `keepsInput; PyTorch saved ${JSON.stringify(saved)}`);
        assert.equal(cost.keepsOutput ?? false, keptOutput, `keepsOutput; PyTorch saved ${JSON.stringify(saved)}`);
        assert.equal(ours, bytes, `new tensors saved: ours ${ours} B, PyTorch ${JSON.stringify(fresh)}`);
      });
    }

    it('the classes whose PyTorch cost is the default (ideal needs by reference) are the ones listed', () => {
      const defaulted = [...new Set(grid.cases.filter((c) => torchModuleRule(c.target) && !torchModuleRule(c.target)!.backward.pytorch).map((c) => c.target))];
      // LocalResponseNorm is composed (pow, avg_pool3d, mul, add, pow, div): it saves a [C + size − 1]-channel padded
      // tensor whose size the geometry cannot see.
      assert.deepEqual(defaulted.sort(), ['LocalResponseNorm']);
    });
  });

  it("every derivation line's arithmetic gives the number it states (floor, ceil, ·, +, −, /, ² over the grid)", () => {
    // `H_out = floor((28 + 2·2 − 1·(5 − 1) − 1) / 1) + 1 = 28`: the middle part, where it is only numbers and
    // operators, evaluated (Math.floor/ceil) must equal the stated result.
    const arithmetic = /^[\d\s.+\-*/()²]+$/;
    let checked = 0;
    let macsLines = 0;
    for (const c of grid.cases) {
      if (c.error) continue;
      for (const line of runCase(c).derivation) {
        // MACs lines name their factors (`784 positions · 6 filters · 5·5·1`): the words go, the numbers stay.
        const bare = line.startsWith('MACs = ') ? line.replace(/ \(.*\)$/, '').replace(/(\d) [a-z ]+[a-z]/g, '$1') : line;
        const m = /^[^=]+= (.+) = (-?\d+(?:\.\d+)?)(?: \(.*\))?$/.exec(bare);
        if (!m) continue;
        const expr = m[1].replace(/·/g, '*').replace(/−/g, '-').replace(/floor/g, '').replace(/ceil/g, '');
        if (!arithmetic.test(expr)) continue;
        const js = m[1].replace(/·/g, '*').replace(/−/g, '-').replace(/²/g, '**2').replace(/floor\(/g, 'Math.floor(').replace(/ceil\(/g, 'Math.ceil(');
        const value = Function(`"use strict"; return (${js});`)() as number;
        assert.equal(value, Number(m[2]), `${caseName(c)}: ${line}`);
        checked++;
        if (line.startsWith('MACs = ')) macsLines++;
      }
    }
    assert.ok(checked > 1100 && macsLines > 100, `only ${checked} lines checked, ${macsLines} of them MACs`);
  });

  it('covers every class and functional name of the spatial families', () => {
    const targets = new Set(grid.cases.map((c) => c.target));
    const notInTorch113 = new Set(['ZeroPad1d', 'ZeroPad3d', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d']);
    const classes = [
      'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d',
      'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'LPPool1d', 'LPPool2d',
      'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AdaptiveMaxPool3d',
      'FractionalMaxPool2d', 'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'GroupNorm', 'LayerNorm',
      'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'LocalResponseNorm',
      'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d', 'ReplicationPad1d', 'ReplicationPad2d', 'ReplicationPad3d',
      'ZeroPad2d', 'ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d', 'Upsample', 'UpsamplingNearest2d', 'UpsamplingBilinear2d',
      'PixelShuffle', 'PixelUnshuffle', ...notInTorch113,
    ];
    const missing: string[] = [];
    for (const name of classes) {
      assert.ok(torchModuleRule(name), `${name} is not in the catalogue`);
      if (!targets.has(name) && !notInTorch113.has(name)) missing.push(name);
      for (const form of torchModuleRule(name)!.functional ?? []) missing.push(...form.names.filter((fn) => !targets.has(fn)));
    }
    assert.deepEqual(missing, [], 'classes and functions without a case in the oracle grid');
  });
});
