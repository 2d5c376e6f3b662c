// "Did you mean …" for a layer class the catalogue does not know (issue #15): the expected answers are the Keras
// spellings of each misspelling, chosen by hand; no suggestion where none is close or the guess would be ambiguous.
import assert from 'node:assert/strict';
import { isKnownLayerClass, suggestLayerClass } from '../../../src/core/layers/classSuggestion';
import { knownLayerClasses } from '../../../src/core/layers/registry';

describe('layer class suggestion', () => {
  it('knows every catalogue class, InputLayer and nested models, and nothing else', () => {
    for (const c of [...knownLayerClasses(), 'InputLayer', 'Sequential', 'Model', 'Functional']) assert.ok(isKnownLayerClass(c), c);
    for (const c of ['Conv2d', 'toString', '__proto__', 'constructor', '']) assert.ok(!isKnownLayerClass(c), c);
  });

  it('suggests the Keras spelling of PyTorch spellings and typos', () => {
    const cases: [string, string][] = [
      ['Conv2d', 'Conv2D'], ['Conv1d', 'Conv1D'], ['MaxPool2d', 'MaxPool2D'], ['Maxpooling2D', 'MaxPooling2D'],
      ['Dense_', 'Dense'], ['Dnese', 'Dense'], ['Flaten', 'Flatten'], ['LTSM', 'LSTM'], ['Dropuot', 'Dropout'],
    ];
    for (const [typed, meant] of cases) assert.equal(suggestLayerClass(typed), meant, typed);
  });

  it('suggests nothing for a known class or a name close to none', () => {
    for (const c of ['Dense', 'Linear', 'Foo', 'MyCustomLayer', '', 'x'.repeat(1000)]) assert.equal(suggestLayerClass(c), undefined, c);
  });
});
