// "Set input shape…": what the box accepts is what the `# input:` comment accepts (the static engine's reader), plus
// the forms people paste.
import { strict as assert } from 'node:assert';
import { parseInputShapeText } from '../../../../src/extension/pytorch/faces/inputShapeText';

describe('parseInputShapeText', () => {
  it('the comment\'s forms and pasted ones give the same shape', () => {
    for (const text of ['1x28x28', '1×28×28', '(1, 28, 28)', '[1, 28, 28]', '1,28,28', '1 28 28', ' 1x28x28 ']) {
      assert.deepEqual(parseInputShapeText(text), { shape: [1, 28, 28] }, text);
    }
    assert.deepEqual(parseInputShapeText('1x16000'), { shape: [1, 16000] });
    assert.deepEqual(parseInputShapeText('64'), { shape: [64] });
  });

  it('refuses what is not a shape, saying how to write one', () => {
    for (const text of ['', 'abc', '0x28x28', '1x28x', '-1,28,28', '1.5x28']) {
      const parsed = parseInputShapeText(text);
      assert.ok('error' in parsed, `${text} accepted as ${JSON.stringify(parsed)}`);
      assert.match(parsed.error, /1x28x28/);
    }
  });
});
