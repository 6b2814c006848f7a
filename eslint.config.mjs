import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'storage/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // NocoBase's entry shims are CommonJS by convention.
    files: ['packages/plugins/*/*/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plugin code logs through NocoBase's logger, which is where secrets get redacted.
    files: ['packages/plugins/**/src/**/*.{ts,tsx}'],
    ignores: ['**/__tests__/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // The WeCom core stays framework-free: it could be lifted out for Express or Next.js unchanged. The code
    // shared by server and browsers (settings model, target rule) is pure too.
    files: ['packages/plugins/**/src/server/wecom/**/*.ts', 'packages/plugins/**/src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nocobase/*', 'koa', 'koa/*', 'koa-*', 'react', 'react/*', 'react-*', 'antd', 'antd/*', '@formily/*'],
              message: 'src/server/wecom/ and src/common/ are framework-free: no NocoBase, Koa, React, antd or Formily imports.',
            },
          ],
        },
      ],
    },
  },
);
