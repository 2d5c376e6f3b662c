// The fuzz suite (issue #10 "make it find the next ones"): mutated model files (modelMutations.ts) through every face
// that shows figures (faceChecks.ts). Seeded, with a fixed number of runs, so that it takes a few seconds and a
// failure reproduces: fast-check prints the seed, the path and the shrunk sample.
import fc from 'fast-check';
import { checkAnalysis, checkCli, checkDashboard, checkEditor } from './faceChecks';
import { modelText, mutatedModel } from './modelMutations';

const RUNS = 150;
const property = (check: (text: string) => void) => fc.property(mutatedModel, (m) => check(modelText(m)));
const settings = (seed: number) => ({ seed, numRuns: RUNS, endOnFailure: true });

describe('fuzz: mutated model files through every face (issue #10)', function () {
  this.timeout(120000);

  it('the analysis never throws and every figure is unknown or a sound number', () => {
    fc.assert(property(checkAnalysis), settings(10_001));
  });

  it('the CLI: JSON output parses, its figures are null or sound; the table shows only sound figures', () => {
    fc.assert(property(checkCli), settings(10_002));
  });

  it('the editor: the inlay hint, the hover\'s figure rows and the CodeLens title show only sound figures', () => {
    fc.assert(property(checkEditor), settings(10_003));
  });

  it('the dashboard: the webview\'s validator accepts every model message the host would send', () => {
    fc.assert(property(checkDashboard), settings(10_004));
  });
});
