// Where the engine script is: python/cnn_explorer_torch_engine.py at the package's root (shipped in the VSIX). The
// runner is bundled into dist/ (extension and CLI) and runs from src/ in tests, so it looks upward from its own folder.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ENGINE_SCRIPT = join('python', 'cnn_explorer_torch_engine.py');

/** The engine script's absolute path, found from `from` (default: this module's folder) upwards; undefined if absent. */
export function findEngineScript(from: string = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, ENGINE_SCRIPT);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
