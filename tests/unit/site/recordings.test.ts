/**
 * Every demo in the registry can be replayed when the demo server is gone (issue 20 §2): it has a recorded session
 * (tests/e2e/recordings/sessions/), a committed recording of it (static/recordings/<Demo>.json, by `npm run
 * record`) that this version of the site can read, and the session names the page the demo is on.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {RECORDING_FORMAT, type Recording} from '../../../src/lib/recording/format.ts';
import {SESSIONS} from '../../e2e/recordings/sessions/index.ts';

const root = new URL('../../../', import.meta.url);
const registry = [
  ...readFileSync(new URL('src/theme/MDXComponents.tsx', root), 'utf8').matchAll(
    /(\w+): lazyDemo\(\s*'(\w+)',\s*'([^']+)'/g,
  ),
].map((match) => ({key: match[1] ?? '', demo: match[2] ?? '', title: match[3] ?? ''}));

describe('recordings', () => {
  it('the registry names each demo after its key', () => {
    expect(registry.length).toBeGreaterThan(30);
    for (const {key, demo} of registry) expect(demo, key).toBe(key);
  });

  it('every registered demo has a session, once, with its title', () => {
    const missing = registry.filter(({demo}) => !SESSIONS.some((session) => session.demo === demo)).map((d) => d.demo);
    expect(missing, 'demos without a session in tests/e2e/recordings/sessions/').toEqual([]);
    expect(new Set(SESSIONS.map((session) => session.demo)).size).toBe(SESSIONS.length);
    for (const session of SESSIONS) {
      expect(session.title, session.demo).toBe(registry.find((entry) => entry.demo === session.demo)?.title);
    }
  });

  for (const session of SESSIONS) {
    it(`${session.demo}: a committed recording this site can play, and a page that shows the demo`, () => {
      const file = new URL(`static/recordings/${session.demo}.json`, root);
      expect(existsSync(file), `npm run record -- ${session.demo}`).toBe(true);
      const recording = JSON.parse(readFileSync(file, 'utf8')) as Recording;
      expect(recording).toMatchObject({format: RECORDING_FORMAT, demo: session.demo, source: 'committed'});
      expect(Number.isNaN(Date.parse(recording.recordedAt))).toBe(false);
      expect(recording.server.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(recording.steps.length).toBeGreaterThan(0);
      const route = session.page.replace(/^\/(docs|blog)\//, '');
      const folder = session.page.startsWith('/docs/') ? 'docs' : 'blog';
      const sources = candidates(folder, route);
      expect(sources.length, `${session.page}: no source file`).toBeGreaterThan(0);
      expect(sources.some((text) => text.includes(`<${session.demo}`))).toBe(true);
    });
  }

  it('no recording is left without a session', () => {
    const files = readdirSync(new URL('static/recordings/', root)).filter((name) => name.endsWith('.json'));
    for (const name of files) expect(SESSIONS.map((s) => `${s.demo}.json`)).toContain(name);
  });
});

/** The source texts that may be the page at `route` (a doc by path, a blog post by its slug). */
function candidates(folder: 'docs' | 'blog', route: string): string[] {
  if (folder === 'docs') {
    const file = new URL(`docs/${route}.mdx`, root);
    return existsSync(file) ? [readFileSync(file, 'utf8')] : [];
  }
  return readdirSync(new URL('blog/', root), {withFileTypes: true})
    .filter((entry) => entry.isDirectory())
    .map((entry) => new URL(`blog/${entry.name}/index.mdx`, root))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .filter((text) => new RegExp(`^slug: ${route}$`, 'm').test(text));
}
