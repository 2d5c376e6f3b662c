// typescript-eslint's recommended rules, plus the one rule that keeps the layers honest:
// src/core may import neither `vscode` nor TensorFlow.js (see docs in README "Architecture").
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.vscode-test/**', 'media/**', '**/*.js', '**/*.mjs'] },
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
          { group: ['**/training/**', '**/extension/**', '**/cli/**', '**/protocol/**'], message: 'src/core imports nothing above it.' },
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
          { group: ['**/extension/**', '**/cli/**'], message: 'src/training imports only core and protocol.' },
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
          { group: ['**/src/extension/**', '**/src/training/**', '**/src/cli/**'], message: 'the webview knows only the protocol (and core formatting).' },
        ],
      }],
    },
  },
);
