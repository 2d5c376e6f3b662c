// Every op of the catalogue against PyTorch 1.13's answers for a grid of calls (test/fixtures/pytorch-layer-grid/
// ops.json, written by scripts/oracle/torch_op_grid.py): output shapes, dtypes, tuple results, size queries, and the
// error PyTorch raises, which our message must begin with word for word.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensorOps } from '../../../../../src/core/layers/torch/ops';
import type { CallValue } from '../../../../../src/core/layers/torch/types';
import { TorchRuleError } from '../../../../../src/core/layers/torch/types';
import { decode, runOp, type GridArg } from './opCall';

interface GridCase {
  op: string;
  args: GridArg[];
  kwargs: Record<string, GridArg>;
  batch: number;
  output?: unknown;
  error?: { type: string; message: string };
}

const grid = JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/pytorch-layer-grid/ops.json'), 'utf8')) as { torch: string; cases: GridCase[] };

/** PyTorch's recorded result in the values the rules return. */
function expected(value: unknown): CallValue {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if ('t' in v) return { kind: 'tensor', shape: v.t as number[], dtype: v.dtype as string };
    if ('size' in v) return v.size as number[];
    if ('tuple' in v) return (v.tuple as unknown[]).map(expected);
    if ('dtype' in v) return v.dtype as string;
  }
  return value as CallValue;
}

function title(c: GridCase): string {
  const args = [...c.args.map((a) => JSON.stringify(a)), ...Object.entries(c.kwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`)];
  return `${c.op}(${args.join(', ')})`;
}

describe(`tensor ops agree with PyTorch ${grid.torch} (ops.json)`, () => {
  it('is what PyTorch gives today (the oracle reruns with --check where /usr/bin/python3 has torch)', function () {
    this.timeout(120000);
    const python = '/usr/bin/python3';
    if (!existsSync(python) || spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) this.skip();
    const check = spawnSync(python, [join(__dirname, '../../../../../scripts/oracle/torch_op_grid.py'), '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  it('calls every name of the op catalogue at least once', () => {
    // Tensor.cuda needs a GPU the oracle does not have; Tensor.device is a device, unknown to the static engine.
    const notInGrid = new Set(['Tensor.cuda', 'Tensor.device']);
    const called = new Set(grid.cases.map((c) => c.op));
    const missing = tensorOps.flatMap((o) => o.names).filter((n) => !called.has(n) && !notInGrid.has(n));
    assert.deepEqual(missing, []);
  });

  it('records a grid large enough to mean something', () => {
    assert.ok(grid.cases.length >= 300, `${grid.cases.length} cases`);
    assert.ok(grid.cases.filter((c) => c.error).length >= 60);
  });

  for (const c of grid.cases) {
    it(title(c), () => {
      const call = (): CallValue => runOp(c.op, c.args.map(decode), Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)])), c.batch).result.output;
      if (c.error) {
        assert.throws(call, (e: unknown) => {
          assert.ok(e instanceof TorchRuleError, `not a TorchRuleError: ${String(e)}`);
          assert.ok(e.message.startsWith(c.error!.message), `ours: ${e.message}\nPyTorch: ${c.error!.message}`);
          return true;
        });
      } else {
        assert.deepEqual(call(), expected(c.output));
      }
    });
  }
});
