// The fuzz suite (issue #10 "make it find the next ones"): mutated model files (modelMutations.ts) through every face
// that shows figures (faceChecks.ts). Seeded, with a fixed number of runs, so that it takes a few seconds and a
// failure reproduces: fast-check prints the seed, the path and the shrunk sample.
import fc from 'fast-check';
import { checkAnalysis, checkCli, checkDashboard, checkEditor } from './faceChecks';
import { modelText, mutatedModel } from './modelMutations';

// CI runs the fixed budget; a longer search for the next defects: CNN_FUZZ_RUNS=5000 CNN_FUZZ_SEED=7 npx mocha … this file.
const RUNS = Number(process.env.CNN_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.CNN_FUZZ_SEED ?? 10_000);

/** The whole-file reproducers of issue #10 (D1–D5, D7, D16), each through every face as well. */
const ISSUE_REPRODUCERS: Record<string, string> = {
  D1: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"batch_size":-5}}]}',
  D1b: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"batch_size":1e400}}]}',
  D2: '{"class_name":"Sequential","config":[{"class_name":"Conv2DTranspose","config":{"name":"t","filters":2,"kernel_size":1,"strides":[10,1],"output_padding":[0,0],"batch_input_shape":[null,0,4,1]}}]}',
  D3: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"a","units":1e300,"input_shape":[4]}},{"class_name":"Dense","config":{"name":"b","units":1e300}}]}',
  D4: '{"class_name":"Sequential","config":[{"class_name":"RNN","config":{"name":"r","input_shape":[5,3],"cell":{"class_name":"toString","config":{"units":4}}}}]}',
  D5: `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"x":${'['.repeat(10000)}${']'.repeat(10000)}}}]}`,
  D7: '// a comment\n{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"__proto__":{"units":1000000000},"name":"d","input_shape":[4]}}]}',
  D16: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"constructor","units":3,"input_shape":[4]}},{"class_name":"Dense","config":{"name":"__proto__","units":2}}]}',
  // Found by this suite: a -1 in a shape without a batch dimension was shown as a size; a JSON -0 was shown as "-0".
  minusOneInInputShape: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":2,"input_shape":[-1,3]}}]}',
  minusOneBatch: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":2,"batch_input_shape":[-1,3]}}]}',
  minusZero: '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":2,"input_shape":[-0]}}]}',
};
const property = (check: (text: string) => void) => fc.property(mutatedModel, (m) => {
  const text = modelText(m);
  check(text);
});
const settings = (property: number) => ({ seed: SEED + property, numRuns: RUNS, endOnFailure: true });

describe('fuzz: mutated model files through every face (issue #10)', function () {
  this.timeout(120000);

  it('the issue\'s reproducers, through every face', () => {
    for (const [name, text] of Object.entries(ISSUE_REPRODUCERS)) {
      for (const check of [checkAnalysis, checkCli, checkEditor, checkDashboard]) {
        try {
          check(text);
        } catch (e) {
          (e as Error).message = `${name}, ${check.name}: ${(e as Error).message}`;
          throw e;
        }
      }
    }
  });

  it('the analysis never throws and every figure is unknown or a sound number', () => {
    fc.assert(property(checkAnalysis), settings(1));
  });

  it('the CLI: JSON output parses, its figures are null or sound; the table shows only sound figures', () => {
    fc.assert(property(checkCli), settings(2));
  });

  it('the editor: the inlay hint, the hover\'s figure rows and the CodeLens title show only sound figures', () => {
    fc.assert(property(checkEditor), settings(3));
  });

  it('the dashboard: the webview\'s validator accepts every model message the host would send', () => {
    fc.assert(property(checkDashboard), settings(4));
  });
});
