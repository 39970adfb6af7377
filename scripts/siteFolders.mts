/**
 * Where each kind of Docusaurus run writes its generated files (`DOCUSAURUS_GENERATED_FILES_DIR_NAME`: the routes,
 * the registry, and the site's config with `customFields.demoServerUrl` in it) and its output.
 *
 * The dev server watches its generated files and serves what they say: if a build rewrote them, the dev site's
 * demos would follow that build's `DEMO_SERVER_URL` (the end-to-end build's port 8790) and show "Offline". So every
 * kind of run has a folder of its own, and a bundler cache of its own beside it (scripts/bundlerCache/plugin.ts).
 * `npm run build` keeps Docusaurus's default, so that `docusaurus build` by hand writes where it always did.
 */
export const GENERATED_FILES_DIRS = {
  /** `npm start` (scripts/start.mts). */
  dev: '.docusaurus-dev',
  /** `npm run build`, and `docusaurus` run by hand. */
  build: '.docusaurus',
  /** `npm run build:e2e` (its script in package.json sets it). */
  e2e: '.docusaurus-e2e',
  /** `npm run bench:longtasks` (scripts/bench-longtasks.mts). */
  bench: '.docusaurus-bench',
} as const;

/** The build folders besides Docusaurus's own `build/`. */
export const BUILD_DIRS = {e2e: 'build-e2e', bench: 'build-bench'} as const;
