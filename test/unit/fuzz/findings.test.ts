// What the fuzz suite found in the parser and the engine, each as its minimal reproducer (issue #10).
import * as assert from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import { checkDashboard } from './faceChecks';

/** x: InputLayer (None, 4) → d: Dense(3), with the reference d takes x by and the model's output reference. */
const model = (input: unknown[], output: unknown[] = ['d', 0, 0], inputs: unknown[] = [['x', 0, 0]]) => JSON.stringify({
  class_name: 'Model',
  config: {
    name: 'm',
    layers: [
      { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 4] }, inbound_nodes: [] },
      { class_name: 'Dense', name: 'd', config: { name: 'd', units: 3 }, inbound_nodes: [[input]] },
    ],
    input_layers: inputs,
    output_layers: [output],
  },
});

const errorsOf = (text: string) => analyzeModelText(text).diagnostics.filter((d) => d.severity === 'error');

describe('fuzz findings: parser and engine (issue #10)', () => {
  it('a negative node or tensor index is an error at that entry; the dashboard message stays valid', () => {
    for (const [ref, what] of [[['x', 0, -1, {}], 'tensor index -1'], [['x', -1, 0, {}], 'node index -1'], [['x', 0.5, 0, {}], 'node index 0.5']] as const) {
      const text = model([...ref]);
      // The entry is dropped, so the call has no input: said next, at the call.
      assert.deepStrictEqual(errorsOf(text).map((e) => [e.message, e.path]), [
        [`input of "d" must be [layer name, node index, tensor index, kwargs] with non-negative integer indices, got ${JSON.stringify(ref)}`, ['config', 'layers', 1, 'inbound_nodes', 0, 0]],
        ['d: Dense takes exactly one input, got 0', ['config', 'layers', 1, 'inbound_nodes', 0]],
      ], what);
      checkDashboard(text);
    }
  });

  it('a Keras 3 call whose keras_history has a negative index is an error, not a tensor -1', () => {
    const text = JSON.stringify({
      class_name: 'Functional',
      config: {
        name: 'm',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_shape: [null, 4] }, inbound_nodes: [] },
          {
            class_name: 'Dense', name: 'd', config: { name: 'd', units: 3 },
            inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 4], keras_history: ['x', 0, -1] } }], kwargs: {} }],
          },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
      keras_version: '3.5.0',
    });
    const errors = errorsOf(text);
    assert.deepStrictEqual(errors.map((e) => [e.message, e.path]), [
      ['keras_history of an input of "d" must be [layer name, node index, tensor index] with non-negative integer indices, got ["x",0,-1]', ['config', 'layers', 1, 'inbound_nodes', 0, 'args', 0]],
      ['call of "d" has no input tensors in its args', ['config', 'layers', 1, 'inbound_nodes', 0]],
      ['d: Dense takes exactly one input, got 0', ['config', 'layers', 1, 'inbound_nodes', 0]],
    ]);
    checkDashboard(text);
  });

  it('model outputs and inputs that name no layer, call or output of the model are errors at that entry', () => {
    const cases: [string, unknown[], unknown[], [string, (string | number)[]][]][] = [
      ['no layer', ['nope', 0, 0], ['x', 0, 0], [['model output "nope" is not a layer of this model', ['config', 'output_layers', 0]]]],
      ['no call', ['d', 5, 0], ['x', 0, 0], [['model output takes call 5 of "d", which is called only 1 time(s)', ['config', 'output_layers', 0]]]],
      ['no output', ['d', 0, 3], ['x', 0, 0], [['model output takes output 3 of "d", which has 1 output(s)', ['config', 'output_layers', 0]]]],
      ['negative', ['d', 0, -1], ['x', 0, 0], [
        ['entry of "output_layers" must be [layer name, node index, tensor index] with non-negative integer indices, got ["d",0,-1]', ['config', 'output_layers', 0]],
        ['model "m" declares no outputs', ['config', 'output_layers']],
      ]],
      ['no input layer', ['d', 0, 0], ['nope', 0, 0], [['model input "nope" is not a layer of this model', ['config', 'input_layers', 0]]]],
    ];
    for (const [what, output, input, expected] of cases) {
      const errors = errorsOf(model(['x', 0, 0, {}], output, [input]));
      assert.deepStrictEqual(errors.map((e) => [e.message, e.path]), expected, what);
    }
  });
});
