// Models PyTorch 1.13.1 rejects: the static engine reports an error on the exact range to blame, with PyTorch's own
// message (quoted from test/fixtures/pytorch-corpus/expected/broken/*.json, which the oracle recorded), both
// numbers, and where a literal is wrong a quick fix that writes the right one.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeStatic } from '../../../../../src/core/formats/pytorch/static/analyzeStatic';
import { CORPUS, readExpected } from './corpusExpected';

interface BrokenCase {
  file: string;
  /** The text the diagnostic's range covers. */
  blamed: string;
  /** Numbers the message must name (both sides of the mismatch). */
  numbers: string[];
  /** Each quick fix's edits: the text each edit replaces → its new text. */
  fixes: [string, string][][];
}

// Derived by hand from each file's header comment (what is wrong and why) and PyTorch's message.
const CASES: BrokenCase[] = [
  // 1x28x28 → conv5 24 → pool 12 → conv5 8 → pool 4: 16·4·4 = 256 features reach nn.Linear(400, 120).
  { file: 'linear_in_features_after_flatten.py', blamed: '400', numbers: ['256', '400'], fixes: [[['400', '256']]] },
  // The same 256 per sample; view(-1, 400) of 2·256 = 512 elements. Fixes: the literal, or flatten per sample.
  { file: 'view_wrong_size.py', blamed: '16 * 5 * 5', numbers: ['400', '512'], fixes: [[['16 * 5 * 5', '256']], [['-1, 16 * 5 * 5', 'x.size(0), -1']]] },
  // conv2 gives 16 channels; conv3 = nn.Conv2d(6, 32, 3) expects 6.
  { file: 'channels_do_not_chain.py', blamed: '6', numbers: ['6', '16'], fixes: [[['6', '16']]] },
  // Branches of 25 and 24 pixels concatenated on dim 1.
  { file: 'cat_mismatched_sizes.py', blamed: 'torch.cat([skip, x], dim=1)', numbers: ['25', '24'], fixes: [] },
  // A 32-channel 16x16 map added to the 16-channel 32x32 input.
  { file: 'residual_add_shapes.py', blamed: 'out + x', numbers: ['16', '32'], fixes: [] },
  // A 5x5 kernel on a 3x3 map: the kernel literal is blamed, no single value fixes it.
  { file: 'kernel_larger_than_input.py', blamed: '5', numbers: ['3 x 3', '5 x 5'], fixes: [] },
  // nn.BatchNorm2d(32) after a 16-channel conv.
  { file: 'batchnorm_features_mismatch.py', blamed: '32', numbers: ['16', '32'], fixes: [[['32', '16']]] },
  // MaxPool2d(2) on a 1x1 map gives 0x0.
  { file: 'pool_output_too_small.py', blamed: '2', numbers: ['64x1x1', '64x0x0'], fixes: [] },
];

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('static PyTorch engine: models PyTorch rejects', () => {
  it('covers every broken corpus file', () => {
    assert.deepStrictEqual(CASES.map((c) => c.file).sort(), fs.readdirSync(path.join(CORPUS, 'broken')).sort());
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.blamed}`, () => {
      const text = fs.readFileSync(path.join(CORPUS, 'broken', c.file), 'utf8');
      const pytorchError = readExpected(`broken/${c.file}`).error!;
      const { trace } = analyzeStatic(text);
      const errors = trace.diagnostics.filter((d) => d.severity === 'error');
      assert.strictEqual(errors.length, 1, JSON.stringify(trace.diagnostics, null, 1));
      const [d] = errors;
      assert.ok(d.message.includes(pytorchError.message), `PyTorch says "${pytorchError.message}"; we say "${d.message}"`);
      for (const n of c.numbers) assert.ok(d.message.includes(n), `the message names ${n}: ${d.message}`);
      assert.strictEqual(text.slice(d.span.from, d.span.to), c.blamed);
      // Raised in the root's own forward: PyTorch's traceback names the line.
      if (pytorchError.module === '') assert.strictEqual(lineOf(text, d.span.from), pytorchError.line, 'the line PyTorch\'s traceback names');
      const fixes = (d.fixes ?? []).map((f) => f.edits.map((e): [string, string] => [text.slice(e.span.from, e.span.to), e.newText]));
      assert.deepStrictEqual(fixes, c.fixes);
      if (pytorchError.module) {
        assert.strictEqual(d.layer, pytorchError.module, 'the module PyTorch was running');
      }
    });
  }
});
