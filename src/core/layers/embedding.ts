// Embedding: a lookup table of input_dim vectors of output_dim; appends output_dim to the input's shape.
// Lookups are not multiply-accumulates.
import type { Shape } from '../ir';
import type { LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputs } from './backward';
import { sizeProblem } from './config';
import { singleInput } from './denseAndShapePreserving';
import { shapeTuple } from './shape';

const embedding: LayerRule = {
  description: 'looks up a learned vector for each integer index',
  drawing: 'other',
  // The table's gradient scatters dy to the rows the input's indices name.
  backward: { idealAutograd: keepsInputs },
  infer: (ctx) => {
    const inputDim = ctx.config.int('input_dim', undefined, 1);
    const outputDim = ctx.config.int('output_dim', undefined, 1);
    const input = singleInput(ctx);
    if (inputDim === undefined || outputDim === undefined || !input) return unknownResult();
    let output: Shape = [...input, outputDim];
    const raw = ctx.config.get('input_length');
    if (raw !== undefined && raw !== null) {
      // TF.js and Keras 2: input_length (an int or a list for rank > 2) must agree with the input and fills its unknowns.
      const lengths = Array.isArray(raw) ? raw : [raw];
      if (lengths.length !== input.length - 1) {
        ctx.report('error', `input_length ${JSON.stringify(raw)} does not fit input ${shapeTuple(input)}`, 'input_length');
        return unknownResult();
      }
      const dims: Shape = [];
      for (let k = 0; k < lengths.length; k++) {
        const declared: unknown = lengths[k];
        const actual = input[k + 1];
        const problem = declared === null ? undefined : sizeProblem(declared);
        if (problem !== undefined) {
          ctx.report('error', `"input_length"${Array.isArray(raw) ? `[${k}]` : ''} ${problem}`, Array.isArray(raw) ? ['input_length', k] : 'input_length');
          return unknownResult();
        }
        if (typeof declared === 'number' && actual !== null && declared !== actual) {
          ctx.report('error', `input_length ${JSON.stringify(raw)} does not match input ${shapeTuple(input)}`, 'input_length');
          return unknownResult();
        }
        dims.push(actual ?? (typeof declared === 'number' ? declared : null));
      }
      output = [input[0], ...dims, outputDim];
    }
    const params = inputDim * outputDim;
    ctx.derive(`params = ${inputDim}·${outputDim} = ${params} (one ${outputDim}-vector per index)`);
    ctx.derive('lookups, no MACs');
    return { outputs: [output], trainable: params, nonTrainable: 0, macs: 0 };
  },
};

export const embeddingRules: LayerFamily = { semantics: 'keras', rules: { Embedding: embedding } };
