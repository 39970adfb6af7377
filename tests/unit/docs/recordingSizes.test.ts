/**
 * The table of share-link sizes (docs/_recording-sizes.md) is what the committed recordings give today: a recording
 * made again (`npm run record`) without the table written again (`npm run recording-sizes`) fails here.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {recordingSizes} from '../../../scripts/recording-sizes.mts';

describe('docs/_recording-sizes.md', () => {
  it('is the table the committed recordings give', async () => {
    const written = readFileSync(new URL('../../../docs/_recording-sizes.md', import.meta.url), 'utf8');
    expect(written, 'run `npm run recording-sizes`').toBe(await recordingSizes());
  });
});
