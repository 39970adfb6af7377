// ESLint for the whole repository: TypeScript (type-aware) everywhere, React,
// hooks and accessibility rules for the site. Formatting is Prettier's job.
// `npm run lint` caches results in node_modules/.cache/eslint/ (a file whose
// text and config did not change is not linted again).
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import otw from './scripts/eslint/formControlHasLabel.mjs';
import tseslint from 'typescript-eslint';

/** The options jsx-a11y's recommended preset gives `control-has-associated-label` (which it leaves off). */
const controlLabelOptions = jsxA11y.flatConfigs.recommended.rules['jsx-a11y/control-has-associated-label'][1];

export default tseslint.config(
  {
    ignores: [
      'build/',
      'build-e2e/',
      'build-bench/',
      '.docusaurus/',
      '.docusaurus-dev/',
      '.docusaurus-e2e/',
      '.docusaurus-bench/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'coverage/',
      '.test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {allowDefaultProject: ['*.mjs', '.ci/*.mjs']},
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {...globals.node},
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', {allowNumber: true}],
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        {ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true},
      ],
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      // `any` needs a comment saying why: disable this rule on that line with the reason.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...react.configs.flat.recommended,
    ...react.configs.flat['jsx-runtime'],
    plugins: {react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y, otw},
    settings: {react: {version: 'detect'}},
    languageOptions: {
      ...react.configs.flat.recommended.languageOptions,
      globals: {...globals.browser},
    },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
      // Off in jsx-a11y's presets; on here, because a button with no text and no aria-label had passed every check.
      // Its recommended options, and table cells are not controls: an empty <td> in a totals row is not missing a
      // label (jsx-a11y counts td as a gridcell, which it is only in a grid).
      'jsx-a11y/control-has-associated-label': [
        'error',
        {...controlLabelOptions, ignoreElements: [...controlLabelOptions.ignoreElements, 'td']},
      ],
      // jsx-a11y lets an unlabelled <select> through (it counts the options as its label): see the rule.
      'otw/form-control-has-label': 'error',
      'react/prop-types': 'off',
      // One way into the demo server from the site: a relative path to the contract by area, its limits, or the two
      // documents the API reference renders. Relative and with .ts, because src/lib is also run by Node itself
      // (docusaurus.config.ts, the benchmarks), where the @site alias does not exist; anything else in
      // demo-server/ is server code.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@site/demo-server/',
              message:
                'Import the demo server’s contract by a relative path: ../../demo-server/src/contract/<area>.ts.',
            },
            {
              regex:
                '^(\\.{1,2}/)+demo-server/src/(?!contract/[A-Za-z]+\\.ts$|limits\\.ts$|openapi\\.ts$|asyncapi\\.ts$)',
              message:
                'The site may import only the contract (demo-server/src/contract/<area>.ts), limits, openapi and asyncapi.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      // Test doubles implement only what a test touches.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Vitest types its asymmetric matchers (expect.any, expect.stringMatching) as any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
