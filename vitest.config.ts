import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';

// One runner for the whole project: unit tests of the site's browser-side
// code and of the demo server's modules, and integration tests that start the
// real demo server on an ephemeral port. End-to-end tests are Playwright's.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {'@site': root},
  },
  test: {
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
          environment: 'node',
          testTimeout: 15_000,
          hookTimeout: 15_000,
        },
      },
    ],
  },
});
