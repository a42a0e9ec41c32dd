// ESLint flat config: typescript-eslint's recommended rules without type information (fast: no program is built),
// plus a few cheap checks that catch real mistakes. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'bench/.cache/', 'bench/results/', 'console/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: false },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // The command-line tools and the logger are where output to the terminal belongs.
    files: ['src/**/*.cli.ts', 'src/config/logger.ts', 'test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests dig into JSON answers (GraphQL, FHIR, CSV rows) whose shape is what they assert; typing each would only repeat it.
    files: ['**/*.spec.ts', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
