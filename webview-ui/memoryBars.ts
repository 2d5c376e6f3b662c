// The segments of the memory bars, from core's memory breakdown. Pure (unit-tested).
import type { MemoryDetail } from '../src/core/memory';

export interface Segment {
  id: 'parameters' | 'gradients' | 'optimizer' | 'activations';
  label: string;
  bytes: number;
}

export interface Bar {
  label: string;
  total: number;
  segments: Segment[];
}

/**
 * Two bars on one scale: the inference peak (weights + the activations live at the forward pass's peak) and the
 * training peak (weights + gradients + optimizer state + activations and gradients in flight at the peak).
 */
export function memoryBars(m: MemoryDetail): Bar[] {
  const inferenceActivations = Math.max(0, m.inferencePeakBytes - m.parameterBytes);
  const trainingActivations = Math.max(0, m.trainingPeakBytes - m.parameterBytes - m.gradientBytes - m.optimizerStateBytes);
  return [
    {
      label: 'Inference peak',
      total: m.inferencePeakBytes,
      segments: [
        { id: 'parameters', label: 'Parameters', bytes: m.parameterBytes },
        { id: 'activations', label: 'Live activations', bytes: inferenceActivations },
      ],
    },
    {
      label: 'Training peak',
      total: m.trainingPeakBytes,
      segments: [
        { id: 'parameters', label: 'Parameters', bytes: m.parameterBytes },
        { id: 'gradients', label: 'Gradients', bytes: m.gradientBytes },
        { id: 'optimizer', label: 'Optimizer state', bytes: m.optimizerStateBytes },
        { id: 'activations', label: 'Activations kept for backward + gradients in flight', bytes: trainingActivations },
      ],
    },
  ];
}
