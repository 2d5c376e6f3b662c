// Where a document version is analysed: a file that cannot be a model, or is over the live limit, on the host
// without a parse (no worker starts for package.json); any other in the analysis worker.
import type { MemoryOptions } from '../../core/memory';
import type { AnalysedVersion, AnalysisWorkerClient } from './analysisWorkerClient';
import { resultWithoutParsing } from './modelDocuments';

/** A result decided without the worker (not a model, too large): the worker holds nothing to ask about. */
export const NO_STAMP = -1;

export function analyzeDocumentVersion(worker: Pick<AnalysisWorkerClient, 'analyze' | 'forget'>, key: string, text: string, version: number, options: MemoryOptions): Promise<AnalysedVersion> {
  const quick = resultWithoutParsing(text);
  if (!quick) return worker.analyze(key, text, version, options);
  // The worker would otherwise keep the previous version's whole analysis until the file closes.
  worker.forget(key);
  return Promise.resolve({ stamp: NO_STAMP, summary: quick });
}
