// After an error the forward stops: a module with no recorded call may simply not have been reached. Its parameters
// are known (PyTorch creates them in __init__), its output, MACs and output memory are not; the analysis writes
// them as for a module forward never calls (no output, 0), which would print a number we do not know.
import type { Analysis } from '../core';

export function withUnreachedUnknown(analysis: Analysis): Analysis {
  if (!analysis.diagnostics.some((d) => d.severity === 'error')) return analysis;
  let changed = false;
  const layers = analysis.layers.map((l) => {
    if (l.synthetic || l.outputShapes.length > 0) return l;
    changed = true;
    return { ...l, outputShapes: [null], macs: null, outputElementsPerSample: null, outputBytesPerSample: null };
  });
  return changed ? { ...analysis, layers, totals: { ...analysis.totals, macs: null } } : analysis;
}
