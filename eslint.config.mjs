// typescript-eslint's recommended rules, plus the one rule that keeps the layers honest:
// src/core may import neither `vscode` nor TensorFlow.js (see docs in README "Architecture"), and everything above
// core reaches it only through its entry points, so core's insides can move without touching its consumers.
import tseslint from 'typescript-eslint';

// Core's entry points (src/core/index.ts says what each is for); any other module inside src/core is private to it.
const coreEntryPointsOnly = {
  // A relative path into src/core whose rest is not one of the entry points.
  regex: String.raw`(^|/)core/(?!(index|format|lenet|memory|theory|formats/[A-Za-z]+)$)`,
  message: 'import src/core through an entry point: core, core/formats/<format>, core/memory, core/theory, core/format or core/lenet.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.vscode-test/**', 'media/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'src/core is pure TypeScript: no vscode.' },
          { group: ['@tensorflow/*'], message: 'src/core is pure TypeScript: no TensorFlow.js.' },
          { group: ['**/training/**', '**/extension/**', '**/cli/**', '**/protocol/**', '**/pytorchEngine/**', '**/tfjsWasm/**'], message: 'src/core imports nothing above it.' },
        ],
      }],
    },
  },
  {
    files: ['src/training/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'src/training runs outside VS Code: no vscode.' },
          { group: ['**/extension/**', '**/cli/**', '**/pytorchEngine/**'], message: 'src/training imports only core, protocol and src/tfjsWasm.' },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
  {
    files: ['webview-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'the webview has no vscode module; talk through the protocol.' },
          { group: ['**/src/extension/**', '**/src/training/**', '**/src/cli/**', '**/src/pytorchEngine/**'], message: 'the webview knows only the protocol (and core formatting).' },
          coreEntryPointsOnly,
          {
            // Core's pure entry points only; the analysis API (src/core) for types.
            regex: String.raw`(^|/)core/(lenet|formats/[A-Za-z]+)$`,
            message: 'the webview gets models from the host; it imports core only for types, format, memory and theory.',
          },
          { regex: String.raw`(^|/)src/core$`, allowTypeImports: true, message: 'the webview imports only types from src/core (its values would bundle the analysis engine).' },
        ],
      }],
    },
  },
  {
    // The Explore engine (issue #14): TF.js on a layers model, run by the webview (and by Node tests and benchmarks).
    files: ['src/explore/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'node:*'], message: 'src/explore runs in the webview: no vscode, no Node built-ins.' },
          { group: ['**/extension/**', '**/training/**', '**/cli/**', '**/pytorchEngine/**'], message: 'src/explore imports only core, protocol, TF.js and src/tfjsWasm.' },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
  {
    // TF.js wasm kernels shared by the trainer (Node) and the Explore engine (the webview): tfjs-core and the wasm
    // backend's types only.
    files: ['src/tfjsWasm/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'node:*'], message: 'src/tfjsWasm runs in the webview too: no vscode, no Node built-ins.' },
          { group: ['**/extension/**', '**/training/**', '**/explore/**', '**/cli/**', '**/pytorchEngine/**', '**/protocol/**'], message: 'src/tfjsWasm imports only core and TF.js.' },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', '@tensorflow/*'], message: 'src/protocol is types and validators shared by every side.' },
          { group: ['**/extension/**', '**/training/**', '**/cli/**', '**/pytorchEngine/**', '**/tfjsWasm/**'], message: 'src/protocol imports only core.' },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/cli/**'], message: 'the extension does not import the command line.' },
          { group: ['@tensorflow/*', '**/tfjsWasm/**'], message: 'the extension host never loads TF.js: training runs in its own process.' },
          {
            // src/training's pure helpers only (presets, run paths, the notebook-style log, the dataset readers without
            // their downloader: Explore shows a run's test images); types from anywhere.
            regex: String.raw`(^|/)training/(data/download|backend|trainerProcess|trainer/(?!(presets|paths|notebookLog)$))`,
            allowTypeImports: true,
            message: 'the extension imports only training/trainer/{presets,paths,notebookLog}; training runs in the trainer process.',
          },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
  {
    // The PyTorch engine's runner: starts the user's Python in a child process; shared by the extension and the CLI.
    files: ['src/pytorchEngine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'src/pytorchEngine runs in the extension host and the CLI: no vscode (the glue is in src/extension/pytorch/engine).' },
          { group: ['@tensorflow/*'], message: 'src/pytorchEngine runs PyTorch, not TF.js.' },
          { group: ['**/extension/**', '**/cli/**', '**/training/**', '**/tfjsWasm/**'], message: 'src/pytorchEngine imports only core and protocol.' },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'the command line runs outside VS Code: no vscode.' },
          { group: ['**/extension/**'], message: 'the command line does not import the extension.' },
          coreEntryPointsOnly,
        ],
      }],
    },
  },
);
