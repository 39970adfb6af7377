/**
 * The citation check: finds every citation of an RFC section, and every link into a WHATWG standard, in an
 * article's Markdown/MDX, and says what is wrong with each. tests/unit/scripts/citations/articles.test.ts runs it
 * over docs/ and blog/; the rules are documented on `checkCitations` and shown, one by one, in
 * tests/unit/scripts/citations/check.test.ts.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {anchorOf, type RfcIndex, type RfcSection} from './rfcIndex.mts';

export type Failure = {file: string; line: number; message: string};

/** The anchors of a WHATWG standard, by page ("" for a one-page standard such as WebSockets or Fetch). */
export type WhatwgAnchors = {host: string; pages: Record<string, string[]>};

export type Sources = {rfcs: Map<number, RfcIndex>; whatwg: Map<string, WhatwgAnchors>};

const here = import.meta.dirname;

/** Reads the committed indexes: scripts/citations/rfc/*.json and scripts/citations/whatwg/*.json. */
export function loadSources(directory = here): Sources {
  const rfcs = new Map<number, RfcIndex>();
  for (const name of readdirSync(join(directory, 'rfc')).filter((file) => file.endsWith('.json'))) {
    const index = JSON.parse(readFileSync(join(directory, 'rfc', name), 'utf8')) as RfcIndex;
    rfcs.set(index.rfc, index);
  }
  const whatwg = new Map<string, WhatwgAnchors>();
  for (const name of readdirSync(join(directory, 'whatwg')).filter((file) => file.endsWith('.json'))) {
    const list = JSON.parse(readFileSync(join(directory, 'whatwg', name), 'utf8')) as WhatwgAnchors;
    whatwg.set(list.host, list);
  }
  return {rfcs, whatwg};
}

/** The .md and .mdx files under the given directories, recursively, sorted. */
export function articleFiles(root: string, directories: string[]): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(root, relative), {withFileTypes: true})) {
      const path = join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.mdx?$/.test(entry.name)) found.push(path);
    }
  };
  for (const directory of directories) walk(directory);
  return found.sort();
}

// A section number as articles write it: "4.2.2", "15", or an appendix "A" / "A.1".
const number = String.raw`(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)*)(?![\w.]*\w)`;
// "§4.2", "§ 4.2", "Section 4.2", "Appendix A", with an optional range "§5.5.2–5.5.3".
const sectionMention = new RegExp(
  String.raw`(?:§§?\s?|\b[Ss]ections?\s+|\bAppendix\s+)(${number})(?:\s?[–-]\s?(?:§\s?)?(${number}))?`,
  'g',
);
const rfcMention = /\bRFC\s?(\d{1,5})\b/g;

type Cited = {first: string; last: string | undefined; index: number; end: number};

function sectionsIn(text: string): Cited[] {
  return [...text.matchAll(sectionMention)].map((match) => ({
    first: match[1] ?? '',
    last: match[2],
    index: match.index,
    end: match.index + match[0].length,
  }));
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[`"'“”‘’*_]/g, '')
    .replace(/[–—‑]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/[\s.,;:]+$/, '')
    .trim();

/**
 * What a citation names, and whether a section's title agrees with it. A citation "names" something in
 * exactly these places: the text after the section number inside the link text (`[RFC 9110 §15.3.2 201
 * Created](…)`); the whole link text of a section link without a section number (`[`410 Gone`](…#section-15.5.11)`);
 * and, in a References entry, the text after each "§x.y" up to the next ";" or "." (`§9.3 Persistence`).
 * Prose around a citation is never read as a name. The name is then one of:
 * - a status code, bare or in backticks, with or without its reason phrase (`201`, `201 Created`): the title must
 *   start with that code, and with that reason phrase when one is given;
 * - one token in backticks (a header field, method or directive: `Retry-After`, `OPTIONS`, `no-store`): the
 *   title must contain that token as a word;
 * - anything else is a title: it must equal the section's title, ignoring case, quotes and punctuation at the
 *   end; for a range (§5.5.2–5.5.3) it must contain the title of each end. A parenthesised remark after the
 *   name, or a name that is only a parenthesised remark ("§3.3 (HTTP as a stateless protocol)"), is a
 *   description, not a name, and is not compared.
 */
export function nameMismatch(name: string, titles: string[]): string | undefined {
  const whole = name.replace(/^[\s:,–—-]+/, '').trim();
  // A title that itself ends in parentheses ("File Modification Time (MDTM)") matches whole.
  if (titles.length === 1 && whole !== '' && normalise(whole) === normalise(titles[0] ?? '')) return undefined;
  const stripped = whole.replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (stripped === '' || stripped.startsWith('(')) return undefined;
  const status = /^`?([1-5]\d\d)`?(?:\s+([^`]*?))?`?$/.exec(stripped);
  if (status) {
    const [, code = '', reason] = status;
    for (const title of titles) {
      if (!title.startsWith(`${code} `) && title !== code) return `names status ${code}, but the section is "${title}"`;
      if (reason !== undefined && reason !== '' && normalise(title) !== normalise(`${code} ${reason}`)) {
        return `names "${code} ${reason}", but the section is "${title}"`;
      }
    }
    return undefined;
  }
  const token = /^`([^`\s]+)`$/.exec(stripped);
  if (token) {
    const wanted = (token[1] ?? '').toLowerCase();
    for (const title of titles) {
      const words = title.toLowerCase().split(/[\s"',()]+/);
      if (!words.includes(wanted) && !words.includes(wanted.replace(/:$/, ''))) {
        return `names \`${token[1]}\`, but the section is "${title}"`;
      }
    }
    return undefined;
  }
  const wanted = normalise(stripped);
  if (titles.length === 1) {
    const title = titles[0] ?? '';
    return normalise(title) === wanted ? undefined : `names "${stripped}", but the section is "${title}"`;
  }
  const missing = titles.find((title) => !wanted.includes(normalise(title)));
  return missing === undefined ? undefined : `names "${stripped}", but the range includes "${missing}"`;
}

/**
 * The name in the text of a section link that has no section number: only a status code, one token in
 * backticks or a quoted title count ("[`410 Gone`](…)", "[`Retry-After`](…)"); other words ("[the closing
 * handshake](…)") are prose.
 */
function nameInLinkText(text: string): string {
  const trimmed = text.trim();
  if (/^`?[1-5]\d\d\b[^`]*`?$/.test(trimmed) || /^`[^`\s]+`$/.test(trimmed) || /^["“][^"”]+["”]$/.test(trimmed))
    return trimmed;
  return '';
}

/**
 * The text after a "§x.y" in a References entry, up to a ";", a "." that ends a sentence, the next "§", or the ")"
 * that closes a remark the citation sits in ("§5.5 Control frames (§5.5.1 Close, §5.5.3 Pong)") — not counting
 * those inside the name's own parentheses. A bare conjunction ("§1.3 and §4") is no name.
 */
function nameInEntry(rest: string): string {
  const text = rest.replace(/\s+/g, ' ');
  let depth = 0;
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')' && depth === 0) end = i;
    else if (char === ')') depth--;
    else if (
      depth === 0 &&
      (char === ';' || char === '§' || (char === '.' && (i + 1 === text.length || text[i + 1] === ' ')))
    ) {
      end = i;
    }
    if (end !== text.length) break;
  }
  const name = text.slice(0, end);
  return /^[\s,]*(?:and|or|to)?[\s,]*$/i.test(name) ? '' : name;
}

type Link = {text: string; url: string; start: number; end: number; textStart: number};

/** Markdown links `[text](url)`; the text may hold one level of brackets and span lines. */
function linksIn(source: string): Link[] {
  const links: Link[] = [];
  const pattern = /\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const match of source.matchAll(pattern)) {
    links.push({
      text: match[1] ?? '',
      url: match[2] ?? '',
      start: match.index,
      end: match.index + match[0].length,
      textStart: match.index + 1,
    });
  }
  return links;
}

type RfcLink = {rfc: number; fragment: string | undefined};

function rfcLink(url: string): RfcLink | undefined {
  const match =
    /^https?:\/\/(?:www\.)?rfc-editor\.org\/rfc\/rfc(\d+)(?:\.html|\.txt)?\/?(?:#(.*))?$/.exec(url) ??
    /^https?:\/\/datatracker\.ietf\.org\/doc\/html\/rfc(\d+)\/?(?:#(.*))?$/.exec(url) ??
    /^https?:\/\/tools\.ietf\.org\/html\/rfc(\d+)\/?(?:#(.*))?$/.exec(url);
  return match ? {rfc: Number(match[1]), fragment: match[2]} : undefined;
}

/** Blanks out what is not prose (code fences, comments, front matter), keeping offsets and line numbers. */
function proseOnly(source: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return source
    .replace(/^---\n[\s\S]*?\n---\n/, blank)
    .replace(/^(\s*)(```|~~~)[^\n]*\n[\s\S]*?\n\s*\2[^\n]*$/gm, blank)
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);
}

/** The [start, end) ranges of the items of every "References" section's lists. */
function referenceEntries(source: string): [number, number][] {
  const entries: [number, number][] = [];
  const lines = source.split('\n');
  let offset = 0;
  let inReferences = 0; // the heading level of the References section we are in, 0 when outside
  let entryStart = -1;
  const close = (at: number) => {
    if (entryStart >= 0) entries.push([entryStart, at]);
    entryStart = -1;
  };
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      close(offset);
      const level = heading[1]?.length ?? 0;
      if (/^References\b/i.test(heading[2] ?? '')) inReferences = level;
      else if (inReferences > 0 && level <= inReferences) inReferences = 0;
    } else if (inReferences > 0) {
      // A new item: "- …" or "1. …" at the margin ("  2011. §5.1 …" is a wrapped line, not an item).
      if (/^ ?(?:[-*+]|\d{1,3}[.)])\s/.test(line)) {
        close(offset);
        entryStart = offset;
      } else if (line.trim() === '' || !/^\s/.test(line)) {
        close(offset);
      }
    }
    offset += line.length + 1;
  }
  close(offset);
  return entries;
}

/**
 * Checks one article. An RFC citation is any of:
 * 1. a link to an RFC (rfc-editor.org, datatracker or tools.ietf.org) — its text may cite the RFC and one
 *    section ("RFC 9110 §15.3.2", "§15.3.2", "Section 4 of RFC 6455"), and the text right before it may too
 *    ("RFC 9110 §9.2 ([RFC 9110](…))");
 * 2. an RFC section written in prose without a link ("RFC 6202 §2.2 lists…");
 * 3. a "§x.y Title" in a References entry, which belongs to the RFC link before it in that entry.
 * It fails when: the RFC named in the text is not the one linked; the text cites a section and the link has no
 * `#section-…` anchor, or another one; one link's text cites several sections; the section is not in that
 * RFC's committed index (or the RFC has no index, so nothing can be verified); the citation names a status
 * code, header field or title that the section's title does not match (see `nameMismatch`); or a section is
 * cited in prose with no link at all. A link into the HTML, WebSockets or Fetch standard fails when its page or
 * its #anchor is not in the committed anchor list.
 */
export function checkCitations(file: string, original: string, sources: Sources): Failure[] {
  const source = proseOnly(original);
  const failures: Failure[] = [];
  const lineAt = (offset: number) => source.slice(0, offset).split('\n').length;
  const fail = (offset: number, message: string) => failures.push({file, line: lineAt(offset), message});
  const links = linksIn(source);
  const entries = referenceEntries(source);
  const entryAt = (offset: number) => entries.find(([start, end]) => offset >= start && offset < end);

  /** The index section for `number`, or a failure explaining why there is none. */
  const lookUp = (offset: number, rfc: number, number: string): RfcSection | undefined => {
    const index = sources.rfcs.get(rfc);
    if (!index) {
      fail(
        offset,
        `RFC ${rfc} §${number} cannot be verified: RFC ${rfc} has no index in scripts/citations/rfc/ (generate one with scripts/rfc-index.mts from the RFC's text)`,
      );
      return undefined;
    }
    const section = index.sections.find((entry) => entry.number === number);
    if (!section) fail(offset, `RFC ${rfc} has no section ${number} (its index lists no such number)`);
    return section;
  };
  const checkName = (offset: number, rfc: number, cited: Cited, name: string) => {
    const titles: string[] = [];
    for (const number of cited.last === undefined ? [cited.first] : [cited.first, cited.last]) {
      const section = lookUp(offset, rfc, number);
      if (!section) return;
      titles.push(section.title);
    }
    const mismatch = nameMismatch(name, titles);
    if (mismatch) fail(offset, `RFC ${rfc} §${cited.first}${cited.last ? `–${cited.last}` : ''} ${mismatch}`);
  };

  const covered: [number, number][] = links.map((link) => [link.start, link.end]);
  const insideLink = (offset: number) => covered.some(([start, end]) => offset >= start && offset < end);

  for (const link of links) {
    const whatwg = /^https?:\/\/([a-z]+\.spec\.whatwg\.org)(\/[^#]*)?(?:#(.*))?$/.exec(link.url);
    if (whatwg) {
      checkWhatwg(link, whatwg[1] ?? '', whatwg[2] ?? '/', whatwg[3]);
      continue;
    }
    const target = rfcLink(link.url);
    if (!target) continue;
    const label = `[${link.text.replace(/\s+/g, ' ')}](${link.url})`;
    const inEntry = entryAt(link.start) !== undefined;
    // The text right before the link, back to the last bracket, parenthesis or sentence end.
    const rawBefore = source.slice(Math.max(0, link.start - 80), link.start);
    const before = /[^()[\]]*$/.exec(rawBefore)?.[0] ?? '';
    const after = source.slice(link.end, link.end + 40);
    const textRfcs = [...link.text.matchAll(rfcMention)].map((match) => Number(match[1]));
    const beforeRfc = /\bRFC\s?(\d{1,5})(?:,?\s*(?:§\s?|[Ss]ection\s+)[\w.]+)?[\s,]*$/.exec(before);
    const namedRfc = textRfcs[0] ?? (beforeRfc ? Number(beforeRfc[1]) : undefined);
    if (namedRfc !== undefined && namedRfc !== target.rfc) {
      fail(link.start, `${label}: the text cites RFC ${namedRfc}, the link goes to RFC ${target.rfc}`);
      continue;
    }
    const cited = sectionsIn(link.text);
    if (cited.length > 1) {
      fail(
        link.start,
        `${label}: one link cites ${cited.map((c) => `§${c.first}`).join(', ')}; give each section its own link`,
      );
      continue;
    }
    let section = cited[0];
    let name = '';
    if (section) {
      name = link.text.slice(section.end).replace(/^\s*of\s+RFC\s?\d+/, '');
    } else {
      // "§9.3 ([RFC 9112](…))" or "Section 9.3 of RFC 9112 ([…](…))" before, "[RFC 8441](…) §5" after.
      const fromBefore = new RegExp(
        String.raw`(?:§\s?|[Ss]ection\s+)(${number})(?:\s+of\s+RFC\s?\d+)?[\s,]*\(?\s*$`,
      ).exec(rawBefore);
      const fromAfter = new RegExp(String.raw`^\)?,?\s?(?:§\s?|[Ss]ection\s+)(${number})`).exec(after);
      const found = fromBefore ?? fromAfter;
      if (found && !inEntry) section = {first: found[1] ?? '', last: undefined, index: 0, end: 0};
      else if (target.fragment !== undefined) name = nameInLinkText(link.text.replace(rfcMention, ''));
    }
    const fragment = target.fragment;
    if (fragment === undefined) {
      if (section)
        fail(link.start, `${label}: the text cites §${section.first}, but the link has no #${anchorOf(section.first)}`);
      continue;
    }
    const anchored = /^(?:section|appendix)-(.+)$/.exec(fragment)?.[1];
    if (anchored === undefined) {
      fail(link.start, `${label}: #${fragment} is not a section anchor; link #section-N or #appendix-X`);
      continue;
    }
    if (section && section.first !== anchored) {
      fail(link.start, `${label}: the text cites §${section.first}, the link goes to §${anchored}`);
      continue;
    }
    if (anchorOf(anchored) !== fragment) {
      fail(
        link.start,
        `${label}: a ${/^[A-Z]/.test(anchored) ? 'n appendix' : ' section'} anchor is #${anchorOf(anchored)}`,
      );
      continue;
    }
    checkName(link.start, target.rfc, section ?? {first: anchored, last: undefined, index: 0, end: 0}, name);
  }

  // References entries: "§x.y Title" after an RFC link without an anchor.
  for (const [start, end] of entries) {
    const entryLinks = links.filter((link) => link.start >= start && link.start < end);
    for (const cited of sectionsIn(source.slice(start, end))) {
      const offset = start + cited.index;
      if (insideLink(offset)) continue;
      // The work a "§" belongs to: the last one named before it in the entry, by a link or in words
      // ("[RFC 9110](…) and [RFC 9111](…). RFC 9110 §8.3 Content-Type, §8.8.3 ETag; RFC 9111 §5.2 …").
      const owner = entryLinks.filter((link) => link.end <= offset).at(-1);
      const named = [...source.slice(start, offset).matchAll(rfcMention)]
        .map((match) => ({at: start + match.index, rfc: Number(match[1])}))
        .filter(({at}) => !insideLink(at))
        .at(-1);
      const rfc = named && (!owner || named.at > owner.end) ? named.rfc : owner ? rfcLink(owner.url)?.rfc : undefined;
      if (rfc === undefined) continue; // a § of a non-RFC work (Fielding's dissertation, the HTML standard)
      const name = nameInEntry(source.slice(start + cited.end, end));
      checkName(offset, rfc, cited, name.replace(/,\s*$/, ''));
    }
  }

  // Prose: "RFC 6202 §2.2" or "Section 4 of RFC 6455" written without a link.
  const prose = new RegExp(
    String.raw`\bRFC\s?(\d{1,5}),?\s*((?:§§?\s?|[Ss]ection\s+)${number}(?:\s?[–-]\s?${number})?)|((?:§\s?|[Ss]ection\s+)${number})\s+of\s+RFC\s?(\d{1,5})`,
    'g',
  );
  for (const match of source.matchAll(prose)) {
    if (insideLink(match.index) || entryAt(match.index)) continue;
    const rfc = Number(match[1] ?? match[4]);
    const [cited] = sectionsIn(match[2] ?? match[3] ?? '');
    if (!cited) continue;
    // Followed by its own link ("RFC 9112 §9.3 ([RFC 9112](…))"): the link check above has compared them.
    const next = links.find((link) => link.start >= match.index + match[0].length);
    if (next && /^\s*\(?\s*$/.test(source.slice(match.index + match[0].length, next.start)) && rfcLink(next.url))
      continue;
    for (const number of cited.last === undefined ? [cited.first] : [cited.first, cited.last])
      lookUp(match.index, rfc, number);
    fail(
      match.index,
      `RFC ${rfc} §${cited.first} is cited without a link; write [RFC ${rfc} §${cited.first}](https://www.rfc-editor.org/rfc/rfc${rfc}#${anchorOf(cited.first)})`,
    );
  }

  function checkWhatwg(link: Link, host: string, path: string, fragment: string | undefined) {
    const list = sources.whatwg.get(host);
    if (!list) {
      fail(link.start, `${link.url}: no anchor list for ${host} in scripts/citations/whatwg/`);
      return;
    }
    const page = path.replace(/^\//, '').replace(/^multipage\//, '');
    const onePage = list.pages[''] !== undefined;
    const anchors = onePage ? list.pages[''] : list.pages[page];
    if (!onePage && page !== '' && anchors === undefined) {
      fail(link.start, `${link.url}: ${host} has no page "${page}" in the anchor list`);
      return;
    }
    if (fragment === undefined) return;
    // The HTML Standard's multipage edition sends a fragment to the page that holds it (its link-fixup.js),
    // so there an id from any page lands on its section.
    const known = onePage ? (anchors ?? []) : Object.values(list.pages).flat();
    if (!known.includes(decodeURIComponent(fragment))) {
      fail(
        link.start,
        `${link.url}: #${fragment} is not an anchor of ${onePage ? `${host}/` : host} (scripts/citations/whatwg/)`,
      );
    }
  }

  return failures.sort((a, b) => a.line - b.line);
}
