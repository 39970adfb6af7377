// Prints the one line CI reads, "N passed, N failed", adding up the JSON
// reports of every test runner `npm test` ran. A step that failed before any
// runner reported (typecheck, lint, build) counts as one failure, so a red
// run never prints "0 failed".
import {existsSync, readFileSync} from 'node:fs';

const exitStatus = Number(process.argv[2] ?? 0);

function read(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

const runners = [];

const vitest = read('.test-results/vitest.json');
if (vitest) {
  runners.push({name: 'vitest', passed: vitest.numPassedTests, failed: vitest.numFailedTests});
}

const playwright = read('.test-results/playwright.json');
if (playwright) {
  const {expected = 0, unexpected = 0, flaky = 0} = playwright.stats ?? {};
  // A flaky test passed only on retry: report it as a failure, not a pass.
  runners.push({name: 'playwright', passed: expected, failed: unexpected + flaky + (playwright.errors?.length ?? 0)});
}

const passed = runners.reduce((sum, runner) => sum + runner.passed, 0);
let failed = runners.reduce((sum, runner) => sum + runner.failed, 0);
for (const runner of runners) console.log(`ci: ${runner.name}: ${runner.passed} passed, ${runner.failed} failed`);
if (exitStatus !== 0 && failed === 0) {
  console.log('ci: npm test failed outside the test runners (typecheck, lint or build): see the log above');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
