// Lint for the whole project (npm run lint, part of npm test): ESLint's and typescript-eslint's
// recommended rules, with no `any` and no unused names. The build scripts are CommonJS Node scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly' };
const mocha = { suite: 'readonly', test: 'readonly', suiteSetup: 'readonly', suiteTeardown: 'readonly', describe: 'readonly', it: 'readonly', before: 'readonly', after: 'readonly' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...node, ...mocha } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
