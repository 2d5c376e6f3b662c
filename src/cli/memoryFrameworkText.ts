// Which memory model the CLI's figures are for, in words (issue #13). The editor's faces say the same in
// src/extension/inspector/memoryLabel.ts (the CLI does not import the extension).
import type { MemoryBreakdown } from '../core';

/** `TF.js 4.x`, `PyTorch 2.x · CUDA`, `PyTorch 2.x · CPU`, or the ideal autograd's label (core's figure when absent). */
export function frameworkText(m: Pick<MemoryBreakdown, 'framework' | 'device'>): string {
  if (m.framework === 'tfjs') return 'TF.js 4.x';
  if (m.framework === 'pytorch') return `PyTorch 2.x · ${m.device === 'cpu' ? 'CPU' : 'CUDA'}`;
  return 'ideal autograd (lower bound, for teaching)';
}
