import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // src/types/openapi.ts is generated (`npm run gen:api`) and checked byte for byte (`check:api`).
    ignores: ['dist', 'node_modules', 'e2e/screenshots', 'test-results', 'playwright-report', 'src/types/openapi.ts'],
  },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: {
      'react-hooks': reactHooks,
      'react-refresh': reactRefresh,
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'Import across folders with the @/ alias.' }] },
      ],
    },
  },
  {
    // Tests, test helpers, providers and route tables export non-components on purpose.
    files: ['src/testing/**', '**/*.test.{ts,tsx}', 'src/app/**', 'e2e/**'],
    rules: { 'react-refresh/only-export-components': 'off' },
  },
);
