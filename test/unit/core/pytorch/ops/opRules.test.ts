// What the op grid cannot show: the per-sample wording and quick-fix data of errors and warnings, unknown shapes
// propagating, MACs, derivations, and which ops are recorded steps. Each number is derived by hand in the test.
import { strict as assert } from 'node:assert';
import { keepsInputs, keepsNothing, keepsOutput } from '../../../../../src/core/layers/backward';
import { knownTorchCallables, torchLayerTraits } from '../../../../../src/core/layers/torch/registry';
import type { CallValue, TensorValue } from '../../../../../src/core/layers/torch/types';
import { TorchRuleError } from '../../../../../src/core/layers/torch/types';
import { op, runOp } from './opCall';

const T = (shape: (number | null)[] | null, dtype = 'float32'): TensorValue => ({ kind: 'tensor', shape, dtype });

function rejects(run: () => unknown): TorchRuleError {
  try {
    run();
  } catch (e) {
    if (e instanceof TorchRuleError) return e;
    throw e;
  }
  assert.fail('no TorchRuleError');
}

describe('tensor ops: view/reshape per sample', () => {
  it('view(-1, 400) on [2, 16, 4, 4]: PyTorch\'s error, what one sample holds, and 256 for the 400', () => {
    // 16·4·4 = 256 elements per sample; 2·256 = 512 is not a multiple of 400.
    const e = rejects(() => runOp('Tensor.view', [T([2, 16, 4, 4]), -1, 400]));
    assert.ok(e.message.startsWith("shape '[-1, 400]' is invalid for input of size 512"));
    assert.match(e.message, /\[N, 16, 4, 4\] tensor at batch N = 2: 256 elements per sample/);
    assert.equal(e.arg, 'shape.1');
    assert.equal(e.replacement, 256);
  });

  it('view((-1, 400)) blames the 400 inside the one tuple argument', () => {
    const e = rejects(() => runOp('Tensor.view', [T([2, 16, 4, 4]), [-1, 400]]));
    assert.equal(e.arg, 'shape.0.1');
    assert.equal(e.replacement, 256);
  });

  it('view(x.size(0), 400) blames the 400 too; torch.reshape(x, (-1, 400)) names its tuple element', () => {
    assert.equal(rejects(() => runOp('Tensor.view', [T([2, 16, 4, 4]), 2, 400])).arg, 'shape.1');
    assert.equal(rejects(() => runOp('torch.reshape', [T([2, 16, 4, 4]), [-1, 400]])).arg, 'shape.1');
  });

  it('view(-1, 400) at batch 25 runs as PyTorch runs it ([16, 400]) and warns that rows straddle samples', () => {
    // 25·256 = 6400 = 16·400: PyTorch gives [16, 400] (the corpus README's broken-file note).
    const run = runOp('Tensor.view', [T([25, 16, 4, 4]), -1, 400], {}, 25);
    assert.deepEqual(run.result.output, T([16, 400]));
    assert.equal(run.warnings.length, 1);
    assert.match(run.warnings[0].message, /mixes samples: each sample of the \[N, 16, 4, 4\] tensor has 256 elements/);
    assert.equal(run.warnings[0].arg, 'shape.1');
    assert.equal(run.warnings[0].replacement, 256);
    assert.ok(run.derivation.includes('-1 = 25·256 / 400 = 16'), run.derivation.join('\n'));
  });

  it('no warning when rows stay inside one sample: view(-1, 16) on 256 elements per sample, view(-1, 256)', () => {
    assert.equal(runOp('Tensor.view', [T([2, 16, 4, 4]), -1, 16]).warnings.length, 0);
    const run = runOp('Tensor.view', [T([2, 16, 4, 4]), -1, 256]);
    assert.equal(run.warnings.length, 0);
    assert.deepEqual(run.result.output, T([2, 256]));
    assert.ok(run.derivation.includes('-1 = 2·256 / 256 = 2'));
  });

  it('an unknown input shape leaves -1 unknown and keeps what the call says: [?, 400]', () => {
    assert.deepEqual(runOp('Tensor.view', [T(null), -1, 400]).result.output, T([null, 400]));
    assert.deepEqual(runOp('Tensor.view', [T([2, null, 4, 4]), 2, -1]).result.output, T([2, null]));
    const unknownArg: CallValue = { kind: 'unknown', why: 'self.k comes from an unknown call' };
    assert.deepEqual(runOp('Tensor.view', [T([2, 16, 4, 4]), -1, unknownArg]).result.output, T([null, null]));
  });
});

describe('tensor ops: errors name both numbers and where they come from', () => {
  it('torch.cat of 25 and 24 wide maps: PyTorch\'s words, both shapes, blames tensor 1', () => {
    const e = rejects(() => runOp('torch.cat', [[T([2, 64, 25, 25]), T([2, 64, 24, 24])], 1]));
    assert.ok(e.message.startsWith('Sizes of tensors must match except in dimension 1. Expected size 25 but got size 24 for tensor number 1 in the list.'));
    assert.match(e.message, /tensor 0 is \[N, 64, 25, 25\], tensor 1 is \[N, 64, 24, 24\]/);
    assert.equal(e.arg, 'tensors.1');
  });

  it('a residual + of [N, 32, 16, 16] and [N, 16, 32, 32]: PyTorch names dim 3; we add that the channels differ', () => {
    const e = rejects(() => runOp('Tensor.__add__', [T([2, 32, 16, 16]), T([2, 16, 32, 32])]));
    assert.ok(e.message.startsWith('The size of tensor a (16) must match the size of tensor b (32) at non-singleton dimension 3'));
    assert.match(e.message, /the channels differ too: 32 vs 16/);
  });

  it('no channel note when only the channels differ (PyTorch already names dim 1)', () => {
    const e = rejects(() => runOp('Tensor.__add__', [T([2, 32, 16, 16]), T([2, 16, 16, 16])]));
    assert.doesNotMatch(e.message, /differ too/);
  });
});

describe('tensor ops: unknown values propagate as unknown', () => {
  it('size() of a tensor with an unknown dim gives an unknown entry, size(i) of a known dim its number', () => {
    const out = runOp('Tensor.size', [T([2, null, 7])]).result.output as CallValue[];
    assert.equal(out[0], 2);
    assert.equal((out[1] as { kind: string }).kind, 'unknown');
    assert.equal(runOp('Tensor.size', [T([2, null, 7]), -1]).result.output, 7);
    assert.equal((runOp('Tensor.shape', [T(null)]).result.output as { kind: string }).kind, 'unknown');
  });

  it('+ with an operand the engine could not follow has an unknown shape; a known size against an unknown one is that size', () => {
    assert.equal((runOp('Tensor.__add__', [T([2, 3]), { kind: 'unknown', why: 'x' }]).result.output as TensorValue).shape, null);
    assert.deepEqual((runOp('Tensor.__add__', [T([2, null]), T([2, 5])]).result.output as TensorValue).shape, [2, 5]);
    assert.deepEqual((runOp('Tensor.__add__', [T([2, null]), T([2, 1])]).result.output as TensorValue).shape, [2, null]);
  });

  it('x += <unknown> keeps x\'s shape (in place); x * <unknown> has unknown MACs, x + <unknown> none', () => {
    const unknownValue: CallValue = { kind: 'unknown', why: 'x' };
    assert.deepEqual(runOp('Tensor.__iadd__', [T([2, 3]), unknownValue]).result.output, T([2, 3]));
    assert.equal(runOp('Tensor.__mul__', [T([2, 3]), unknownValue]).result.macs, null);
    assert.equal(runOp('Tensor.__add__', [T([2, 3]), unknownValue]).result.macs, 0);
  });

  it('item() is a value: unknown to the static engine; torch.where(condition) lists data-dependent indices', () => {
    assert.equal((runOp('Tensor.item', [T([1, 1])]).result.output as { kind: string }).kind, 'unknown');
    assert.equal((runOp('torch.where', [T([2, 10], 'bool')]).result.output as { kind: string }).kind, 'unknown');
  });

  it('a boolean mask keeps as many elements as are true: data, not shape, so unknown', () => {
    assert.deepEqual(runOp('Tensor.__getitem__', [T([2, 10]), T([2, 10], 'bool')]).result.output, T([null]));
  });

  it('the pieces of chunk on an unknown dim are unknown (their count depends on it)', () => {
    assert.equal((runOp('Tensor.chunk', [T([2, null]), 3, 1]).result.output as { kind: string }).kind, 'unknown');
  });
});

describe('tensor ops: warnings PyTorch itself gives', () => {
  it('x.T on a 3-D tensor reverses the dims ([4, 3, 2]) and passes on PyTorch\'s deprecation warning', () => {
    const run = runOp('Tensor.T', [T([2, 3, 4])]);
    assert.deepEqual(run.result.output, T([4, 3, 2]));
    assert.match(run.warnings[0].message, /deprecated/);
    assert.equal(runOp('Tensor.T', [T([2, 3])]).warnings.length, 0);
  });
});

describe('tensor ops: MACs per sample', () => {
  it('[N, 256] @ [256, 120]: 120 outputs · 256 products per sample = 30,720', () => {
    const run = runOp('Tensor.__matmul__', [T([2, 256]), T([256, 120])]);
    assert.equal(run.result.macs, 30720);
    assert.ok(run.derivation.some((l) => l.includes('= 61440') && l.includes('30720 per sample')), run.derivation.join('\n'));
  });

  it('bmm [N, 6, 4] · [N, 4, 5]: 6·5 outputs · 4 = 120 per sample', () => {
    assert.equal(runOp('torch.bmm', [T([2, 6, 4]), T([2, 4, 5])]).result.macs, 120);
  });

  it("einsum('bij,bjk->bik') on [N, 6, 4], [N, 4, 5]: b·i·j·k = 2·6·4·5 = 240 products, 120 per sample (bmm's count)", () => {
    assert.equal(runOp('torch.einsum', ['bij,bjk->bik', T([2, 6, 4]), T([2, 4, 5])]).result.macs, 120);
    assert.equal(runOp('torch.einsum', ['ij,jk,kl->il', T([2, 3]), T([3, 4]), T([4, 5])]).result.macs, null);
  });

  it('x * y.expand_as(x) on [N, 16, 8, 8]: one product per output element, 1,024 per sample; + counts none', () => {
    assert.equal(runOp('Tensor.__mul__', [T([2, 16, 8, 8]), T([2, 16, 1, 1])]).result.macs, 16 * 8 * 8);
    assert.equal(runOp('Tensor.__add__', [T([2, 16, 8, 8]), T([2, 16, 8, 8])]).result.macs, 0);
    assert.equal(runOp('Tensor.view', [T([2, 16, 8, 8]), 2, -1]).result.macs, 0);
  });
});

describe('tensor ops: derivations', () => {
  it('say what each op did, numbers substituted', () => {
    assert.deepEqual(runOp('Tensor.permute', [T([2, 50, 40]), 0, 2, 1]).derivation, ['permute(0, 2, 1): [2, 50, 40] → [2, 40, 50]']);
    assert.deepEqual(runOp('Tensor.__add__', [T([2, 64, 8, 8]), T([64, 1, 1])]).derivation, ['[2, 64, 8, 8] + [64, 1, 1] → [2, 64, 8, 8] (broadcast)']);
    assert.deepEqual(runOp('Tensor.__add__', [T([2, 64]), T([2, 64])]).derivation, ['[2, 64] + [2, 64] → [2, 64]']);
    assert.deepEqual(runOp('Tensor.__rsub__', [T([2, 64]), 1]).derivation, ['1 - [2, 64] → [2, 64] (broadcast)']);
    assert.deepEqual(runOp('torch.cat', [[T([2, 64, 8, 8]), T([2, 32, 8, 8])], 1]).derivation, ['dim 1: 64 + 32 = 96']);
    assert.deepEqual(runOp('torch.flatten', [T([2, 16, 5, 5]), 1]).derivation, ['flatten dims 1..3: 16·5·5 = 400']);
    assert.deepEqual(runOp('Tensor.__getitem__', [T([2, 28, 128]), [{ kind: 'slice', start: null, stop: null, step: null }, -1]]).derivation, ['[2, 28, 128] indexed → [2, 128]']);
  });
});

describe('tensor ops: catalogue facts', () => {
  it('queries and no-ops are not recorded steps; ops that make a new activation are', () => {
    for (const name of ['Tensor.size', 'Tensor.shape', 'Tensor.dim', 'Tensor.ndim', 'Tensor.numel', 'Tensor.contiguous', 'Tensor.detach', 'Tensor.to', 'Tensor.cpu']) {
      assert.equal(op(name).recorded, false, name);
    }
    for (const name of ['Tensor.view', 'Tensor.reshape', 'torch.flatten', 'Tensor.flatten', 'torch.cat', 'torch.stack', 'Tensor.__add__', 'Tensor.__iadd__', 'Tensor.mean', 'Tensor.__getitem__', 'Tensor.permute', 'torch.matmul', 'torch.zeros']) {
      assert.equal(op(name).recorded, true, name);
    }
  });

  it('backward: a sum keeps nothing, a product its operands, exp its output; the memory walks find them by name', () => {
    assert.equal(torchLayerTraits('Tensor.__add__')?.backward.idealAutograd, keepsNothing);
    assert.equal(torchLayerTraits('Tensor.__mul__')?.backward.idealAutograd, keepsInputs);
    assert.equal(torchLayerTraits('torch.matmul')?.backward.idealAutograd, keepsInputs);
    assert.equal(torchLayerTraits('torch.exp')?.backward.idealAutograd, keepsOutput);
    assert.equal(torchLayerTraits('Tensor.view')?.backward.idealAutograd, keepsNothing);
  });

  it('registers every name the brief lists for the static engine', () => {
    const names = new Set(knownTorchCallables());
    for (const name of [
      'Tensor.view', 'Tensor.view_as', 'Tensor.reshape', 'torch.reshape', 'torch.flatten', 'Tensor.flatten', 'Tensor.size',
      'Tensor.shape', 'Tensor.dim', 'Tensor.ndim', 'Tensor.numel', 'Tensor.permute', 'Tensor.transpose', 'torch.transpose',
      'Tensor.t', 'Tensor.squeeze', 'torch.squeeze', 'Tensor.unsqueeze', 'torch.unsqueeze', 'Tensor.expand', 'Tensor.expand_as',
      'Tensor.repeat', 'Tensor.contiguous', 'Tensor.to', 'Tensor.float', 'Tensor.double', 'Tensor.long', 'Tensor.half',
      'Tensor.type', 'Tensor.cpu', 'Tensor.cuda', 'Tensor.detach', 'Tensor.clone', 'torch.cat', 'torch.concat', 'torch.stack',
      'Tensor.chunk', 'torch.chunk', 'Tensor.split', 'torch.split', 'Tensor.mean', 'Tensor.sum', 'Tensor.amax', 'Tensor.amin',
      'Tensor.max', 'Tensor.min', 'Tensor.argmax', 'Tensor.std', 'Tensor.var', 'Tensor.prod', 'torch.mean', 'torch.sum',
      'torch.max', 'Tensor.__add__', 'Tensor.__radd__', 'Tensor.__iadd__', 'Tensor.__sub__', 'Tensor.__rsub__', 'Tensor.__mul__',
      'Tensor.__rmul__', 'Tensor.__truediv__', 'Tensor.__rtruediv__', 'Tensor.__matmul__', 'Tensor.__neg__', 'Tensor.__pow__',
      'torch.add', 'torch.mul', 'torch.sub', 'torch.div', 'torch.matmul', 'torch.mm', 'torch.bmm', 'Tensor.__getitem__',
      'torch.zeros', 'torch.ones', 'torch.empty', 'torch.randn', 'torch.rand', 'torch.full', 'torch.arange', 'torch.zeros_like',
      'torch.ones_like', 'torch.randn_like', 'torch.empty_like', 'torch.exp', 'torch.log', 'torch.sqrt', 'torch.abs', 'torch.clamp',
    ]) {
      assert.ok(names.has(name), name);
    }
  });
});
