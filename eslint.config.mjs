// @ts-check
// `npm run lint`. Besides typescript-eslint's recommended rules, this file enforces the layers
// (see README "Layout"), so the tree stays as it is drawn without anyone remembering it:
//   - no import cycles anywhere (import-x/no-cycle);
//   - the engine (src/npy/) imports only itself and src/shared/, and no `vscode`;
//   - the webview (webview/) imports from src/ only src/shared/;
//   - the host (src/) imports nothing from webview/;
//   - code that runs without VS Code (engine, viewer, shared, CLI, webview) imports no `vscode`.
// File sizes and folder widths are checked by test/unit/layout.test.ts.
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/** Zone for import-x/no-restricted-paths: files under `target` may not import from `from`. */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'This code runs without VS Code (engine, viewer, shared, CLI, webview): only the VS Code wiring (src/extension.ts, src/editor, src/tree, src/commands) imports vscode.' }],
  }],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-it/**', '.cache/**', 'test/fixtures/**', 'test/webview/fixtures/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x reads to follow imports (no-cycle walks the whole graph).
      'import-x/extensions': ['.ts', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.json', '.node'] })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // An unused variable is a mistake or dead code; a leading underscore says "unused on purpose".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': ['error', {
        zones: [
          zone('./src/npy', './src', 'The engine (src/npy) imports only itself and src/shared: no viewer, VS Code wiring or CLI code.', ['./npy', './shared']),
          zone('./webview', './src', 'The webview imports from src/ only src/shared/.', ['./shared']),
          zone('./src', './webview', 'Host code imports nothing from webview/: put what both sides need in src/shared/.'),
        ],
      }],
    },
  },
  {
    files: ['src/npy/**', 'src/viewer/**', 'src/shared/**', 'src/cli/**', 'src/cli.ts', 'webview/**'],
    rules: noVscode,
  },
  {
    // Code that runs in the browser page under test is written inside Node test files, whose lib
    // has no DOM types: it is typed loosely there on purpose.
    files: ['test/webview/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Node scripts and test tools written as CommonJS
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
