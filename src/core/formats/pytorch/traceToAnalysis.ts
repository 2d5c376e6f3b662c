// PLACEHOLDER until its owner writes it: the signature is the contract.
import type { Analysis } from '../../analysisResult';
import type { MemoryOptions } from '../../memory/memoryModel';
import type { TorchTrace } from './trace';

/** A trace from either engine → the Analysis every face reads (memory from the PyTorch catalogue's backward rules). */
export function traceToAnalysis(_trace: TorchTrace, _options: Partial<MemoryOptions> = {}): Analysis {
  throw new Error('not yet written');
}
