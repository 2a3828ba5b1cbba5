import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // examples/ and test fixtures are plugin repositories the checks read, not our code.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**', '**/test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // The engine never touches the runner: only the adapter may import @actions/*.
    files: ['packages/**/*.ts'],
    ignores: ['packages/action/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@actions/*'], message: 'Only packages/action talks to the Actions runner.' }] },
      ],
    },
  },
);
