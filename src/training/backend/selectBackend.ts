// Chooses the TF.js backend for training and reports the one actually in use.
//   auto:          @tensorflow/tfjs-node (native TensorFlow; an optional dependency that often cannot install),
//                  then @tensorflow/tfjs-backend-wasm (with our training kernels), then the pure-JS cpu backend.
//   tfjs-node, tfjs-node-gpu, wasm, cpu: that one; when it cannot start, the same chain below it, with the reason.
// TF.js's setBackend falls back silently when a backend fails to initialise, so the result is read back from
// tf.getBackend() and a tiny computation is run on it before we trust it.
//
// The native packages are loaded with a runtime require so bundlers leave them external, and they bring their own
// TF.js: when one is used, `tf` in the result is the module it returned, and the trainer must use that `tf`.
import * as tfjs from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { registerWasmTrainingKernels } from './wasmKernels';

export type BackendPreference = 'auto' | 'tfjs-node' | 'tfjs-node-gpu' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'tfjs-node', 'tfjs-node-gpu', 'wasm', 'cpu'];

type Candidate = Exclude<BackendPreference, 'auto'>;
type Tf = typeof tfjs;

export interface BackendAttempt {
  candidate: Candidate;
  ok: boolean;
  /** Why it was not used (when !ok). */
  reason?: string;
}

export interface BackendSelection {
  /** What the caller asked for. */
  requested: BackendPreference;
  /** The candidate in use. */
  candidate: Candidate;
  /** tf.getBackend() after selection: 'tensorflow' (tfjs-node[-gpu]), 'wasm' or 'cpu'. */
  backendName: string;
  /** The TF.js module whose engine runs on that backend; use it for the model and the training loop. */
  tf: Tf;
  /** Every candidate tried, in order, with the reason for each that failed. */
  attempts: BackendAttempt[];
  /** For wasm: the kernels this project added or replaced, the binary directory and SIMD support. */
  details: string[];
}

export interface SelectBackendOptions {
  /** Folder holding tfjs-backend-wasm*.wasm: `dist/wasm/` in the bundles, the package's dist/ in tests. */
  wasmDir?: string;
  /** Loads a native package by name; defaults to Node's require (tests inject failures). */
  requireNative?: (name: string) => unknown;
}

const CHAINS: Record<BackendPreference, Candidate[]> = {
  auto: ['tfjs-node', 'wasm', 'cpu'],
  'tfjs-node': ['tfjs-node', 'wasm', 'cpu'],
  'tfjs-node-gpu': ['tfjs-node-gpu', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** The wasm binaries next to a bundle (dist/wasm/), else those of the installed package. */
export function defaultWasmDir(): string {
  const besideBundle = join(__dirname, 'wasm');
  if (existsSync(join(besideBundle, WASM_BINARIES[0]))) return besideBundle;
  return dirname(createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

export async function selectBackend(preference: BackendPreference = 'auto', options: SelectBackendOptions = {}): Promise<BackendSelection> {
  if (!BACKEND_PREFERENCES.includes(preference)) {
    throw new Error(`Unknown backend '${String(preference)}'; expected one of ${BACKEND_PREFERENCES.join(', ')}.`);
  }
  const attempts: BackendAttempt[] = [];
  for (const candidate of CHAINS[preference]) {
    try {
      const { tf, details } = await activate(candidate, options);
      attempts.push({ candidate, ok: true });
      return { requested: preference, candidate, backendName: tf.getBackend(), tf, attempts, details };
    } catch (e) {
      attempts.push({ candidate, ok: false, reason: (e as Error).message });
    }
  }
  throw new Error(`No TF.js backend could start:\n${attempts.map((a) => `  ${a.candidate}: ${a.reason}`).join('\n')}`);
}

/** A line for logs: "wasm (requested auto; tfjs-node skipped: ...)". */
export function describeSelection(selection: BackendSelection): string {
  const skipped = selection.attempts.filter((a) => !a.ok).map((a) => `${a.candidate} skipped: ${a.reason}`);
  return [`${selection.backendName} (requested ${selection.requested})`, ...skipped, ...selection.details].join('; ');
}

const BACKEND_WORDS: Record<string, string> = {
  tensorflow: 'native TensorFlow (tfjs-node)',
  wasm: "WebAssembly, one thread, with CNN Explorer's training kernels",
  cpu: 'plain JavaScript, the slowest',
};

/**
 * The one line a user reads: which backend runs and why, in words (a skipped native backend is the normal case where
 * @tensorflow/tfjs-node is not installed, not an error). The reasons and kernel lists are in describeSelection.
 */
export function summarizeSelection(selection: BackendSelection): string {
  const runs = `Backend: ${selection.backendName} (${BACKEND_WORDS[selection.backendName] ?? selection.backendName})`;
  const skipped = selection.attempts.filter((a) => !a.ok).map((a) => a.candidate);
  if (skipped.length === 0) return `${runs}.`;
  const why = selection.requested === 'auto' ? 'the first that loads here' : `${selection.requested} was requested`;
  return `${runs}: ${why}; ${skipped.join(', ')} not available (details with --verbose, or VS Code's log level Debug).`;
}

async function activate(candidate: Candidate, options: SelectBackendOptions): Promise<{ tf: Tf; details: string[] }> {
  switch (candidate) {
    case 'tfjs-node':
    case 'tfjs-node-gpu': {
      const name = candidate === 'tfjs-node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu';
      let tf: Tf;
      try {
        tf = (options.requireNative ?? createRequire(__filename))(name) as Tf;
      } catch (e) {
        throw new Error(`${name} is not installed or failed to load (${firstLine(e)})`);
      }
      await checkedSetBackend(tf, 'tensorflow');
      return { tf, details: [`${name} ${tf.version?.tfjs ?? ''}`.trim()] };
    }
    case 'wasm': {
      const dir = options.wasmDir ?? defaultWasmDir();
      const missing = WASM_BINARIES.filter((f) => !existsSync(join(dir, f)));
      if (missing.length > 0) throw new Error(`wasm binaries missing in ${dir}: ${missing.join(', ')}`);
      setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
      const kernels = registerWasmTrainingKernels();
      await checkedSetBackend(tfjs, 'wasm');
      const simd = await tfjs.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      return { tf: tfjs, details: [`wasm binaries from ${dir}`, `SIMD ${simd ? 'on' : 'off'}`, `training kernels: ${kernels.join(', ')}`] };
    }
    case 'cpu':
      await checkedSetBackend(tfjs, 'cpu');
      return { tf: tfjs, details: [] };
  }
}

async function checkedSetBackend(tf: Tf, name: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (e) {
    throw new Error(`setBackend('${name}') failed: ${firstLine(e)}`);
  }
  const active = tf.getBackend();
  if (!ok || active !== name) throw new Error(`setBackend('${name}') did not take effect (TF.js is on '${active}')`);
  // A backend can initialise and still fail on first use (e.g. a wasm binary that does not match its JS).
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
  if (sum[0] !== 4 || sum[1] !== 6) throw new Error(`backend '${name}' computed [1,2]+[3,4] = [${Array.from(sum)}]`);
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
