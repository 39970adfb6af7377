/**
 * `npm run clear`, after `docusaurus clear` (which removes `.docusaurus/`, `build/` and every bundler cache in
 * `node_modules/.cache`): the generated files and builds of the other kinds of run (scripts/siteFolders.mts).
 */
import {existsSync, rmSync} from 'node:fs';
import {BUILD_DIRS, GENERATED_FILES_DIRS} from './siteFolders.mts';

for (const dir of [...Object.values(GENERATED_FILES_DIRS), ...Object.values(BUILD_DIRS)]) {
  if (!existsSync(dir)) continue;
  rmSync(dir, {recursive: true, force: true});
  console.log(`Removed ${dir}/`);
}
