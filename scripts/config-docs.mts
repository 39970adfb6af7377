/**
 * `npm run docs:config`: writes the demo server's table of environment variables into README.md (between
 * its config-table markers) and docs/operate/_config-table.md, from limits.ts and config.ts.
 */
import {writeFile} from 'node:fs/promises';
import {relative} from 'node:path';
import {configDocs} from './config-docs-table.mts';

for (const [path, text] of Object.entries(await configDocs())) {
  await writeFile(path, text);
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
