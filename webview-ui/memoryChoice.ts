// Whose memory the memory view shows (issue #13): the user's framework choice, resolved for the model's format, as
// core's memory options, and how each framework is named on screen. Pure (unit-tested).
import type { MemoryBreakdown, MemoryDevice, MemoryFramework } from '../src/core';
import type { MemoryOptions } from '../src/core/memory';
import type { DashboardState, MemoryModelChoice } from '../src/protocol';

/** What the host's analysis was computed for (the editor's settings: inspector.memoryFramework / memoryDevice). */
export type AnalysedMemory = Pick<MemoryBreakdown, 'framework' | 'device'>;

/**
 * `auto` is what the editor shows: the framework and device the host's analysis was computed for (the
 * inspector.memoryFramework setting, whose own auto is the model's framework), else the model's own framework —
 * PyTorch for PyTorch code, TF.js for TF.js/Keras files.
 */
export function resolvedFramework(choice: MemoryModelChoice['framework'], format: string, analysed?: AnalysedMemory): MemoryFramework {
  if (choice !== 'auto') return choice;
  return analysed?.framework ?? (format === 'pytorch' ? 'pytorch' : 'tfjs');
}

/**
 * core's memory options for the view's controls: the layer catalogue the model's class names belong to (PyTorch's
 * for PyTorch code), the framework, and the device when the framework is PyTorch (the only one that has one; under
 * auto, the analysis's).
 */
export function memoryOptionsOf(state: Pick<DashboardState, 'memory' | 'memoryModel'>, format: string, analysed?: AnalysedMemory): MemoryOptions {
  const auto = state.memoryModel.framework === 'auto';
  const framework = resolvedFramework(state.memoryModel.framework, format, analysed);
  const device = auto ? analysed?.device ?? state.memoryModel.device : state.memoryModel.device;
  return {
    ...state.memory,
    ...(format === 'pytorch' ? { semantics: 'pytorch' as const } : {}),
    framework,
    ...(framework === 'pytorch' ? { device } : {}),
  };
}

const FRAMEWORK_NAMES: Readonly<Record<MemoryFramework, string>> = {
  tfjs: 'TF.js 4.x',
  pytorch: 'PyTorch 2.x eager',
  idealAutograd: 'ideal autograd (a lower bound no framework reaches)',
};

const DEVICE_NAMES: Readonly<Record<MemoryDevice, string>> = { cuda: 'on a CUDA GPU', cpu: 'on the CPU' };

/** "PyTorch 2.x eager on a CUDA GPU", "TF.js 4.x", "ideal autograd (…)". */
export function frameworkLabel(framework: MemoryFramework, device?: MemoryDevice): string {
  return framework === 'pytorch' && device ? `${FRAMEWORK_NAMES.pytorch} ${DEVICE_NAMES[device]}` : FRAMEWORK_NAMES[framework];
}

/** The framework select's options, `auto` first (the figures' heading says what it resolved to). */
export const FRAMEWORK_CHOICES: { value: MemoryModelChoice['framework']; label: string }[] = [
  { value: 'auto', label: 'Auto (as the editor shows it)' },
  { value: 'tfjs', label: FRAMEWORK_NAMES.tfjs },
  { value: 'pytorch', label: FRAMEWORK_NAMES.pytorch },
  { value: 'idealAutograd', label: 'Ideal autograd (lower bound)' },
];

export const DEVICE_CHOICES: { value: MemoryDevice; label: string }[] = [
  { value: 'cuda', label: 'GPU (CUDA, cuDNN off)' },
  { value: 'cpu', label: 'CPU' },
];

/** GiB (the unit device memory is sold in, 2^30 B as nvidia-smi's MiB) → bytes. */
export function gibToBytes(gib: number): number {
  return Math.round(gib * 1024 ** 3);
}
