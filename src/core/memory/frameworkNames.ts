// The memory models' names, for settings, the CLI's --framework and the dashboard's switch to parse against.
import type { MemoryDevice, MemoryFramework } from '../analysisResult';

export const MEMORY_FRAMEWORKS: readonly MemoryFramework[] = ['tfjs', 'pytorch', 'idealAutograd'];
export const MEMORY_DEVICES: readonly MemoryDevice[] = ['cuda', 'cpu'];

export function isMemoryFramework(name: string): name is MemoryFramework {
  return (MEMORY_FRAMEWORKS as readonly string[]).includes(name);
}

export function isMemoryDevice(name: string): name is MemoryDevice {
  return (MEMORY_DEVICES as readonly string[]).includes(name);
}
