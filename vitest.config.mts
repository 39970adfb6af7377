import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';

// One runner for the whole project: unit tests of the site's browser-side
// code and of the demo server's modules, and integration tests that start the
// real demo server on an ephemeral port. End-to-end tests are Playwright's.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // The site's tsconfig says `jsx: preserve` (Docusaurus compiles JSX itself);
  // tests compile it here with React's automatic runtime.
  oxc: {jsx: {runtime: 'automatic'}},
  resolve: {
    alias: {'@site': root},
  },
  test: {
    // The JSON report feeds the one-line pass/fail total that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: {json: '.test-results/vitest.json'},
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Everything the demo server sends in these tests is checked against its published schemas.
          setupFiles: ['tests/integration/support/conformanceSetup.ts'],
          environment: 'node',
          testTimeout: 15_000,
          hookTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          // The seeded fuzz run (tests/fuzz): it measures the event loop of the server it fuzzes, so it
          // runs after the other projects, alone, rather than beside tests competing for two cores.
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 30_000,
          sequence: {groupOrder: 1},
        },
      },
    ],
  },
});
