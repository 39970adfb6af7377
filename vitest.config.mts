import {availableParallelism} from 'node:os';
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
    // Two workers at least, so the fuzz run (four minutes) has one and every other file the other: Vitest's own
    // default on two cores is one worker, which runs every file after the fuzz run (`npx vitest run` on a quiet
    // machine here: 455 s with one, 245 s with two, the same 1,732 tests passing). `npm test` asks for one: there
    // Vitest runs beside Playwright on two busy cores, and a second worker took CPU from the browser stage, the
    // longest (clean-clone CI runs: 887 s in all with one, the two stages 748 and 747 s; 995 s with two, 542 and 844 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
          // The seeded fuzz run (tests/fuzz), the longest file of all. Its project sorts first (Vitest runs projects
          // of one group in name order), so it starts at once on one worker and the other files share the rest,
          // rather than the run waiting for it alone at the end. Competing for the cores does not make it noisier:
          // it counts a stall by the CPU time its server spent, not by the wall clock alone (tests/fuzz/target.mts).
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
