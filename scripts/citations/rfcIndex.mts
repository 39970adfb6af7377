/**
 * Reads the section structure of an RFC from its published text, in either of the two forms the RFC Editor
 * publishes: the plain-text RFC (`rfc6455.txt`: numbered headings at the left margin, optionally a table of
 * contents) and the xml2rfc v3 source (`rfc9110.xml`: nested `<section>` elements whose number is their
 * nesting order). The citation check (check.mts) compares the articles' citations with the index this writes.
 */

/** One section or appendix of an RFC: `number` is "4.2.2" for a section, "A" or "A.1" for an appendix. */
export type RfcSection = {number: string; title: string};

/** The committed index of one RFC (scripts/citations/rfc/rfcNNNN.json). */
export type RfcIndex = {
  rfc: number;
  title: string;
  /** The text the index was generated from: its format, file name, SHA-256 and where it came from. */
  generatedFrom: {format: 'text' | 'xml2rfc' | 'kramdown-rfc'; file: string; sha256: string; origin: string};
  sections: RfcSection[];
};

/** The URL fragment rfc-editor.org gives a section: `section-4.2.2`, or `appendix-A.1` for an appendix. */
export function anchorOf(number: string): string {
  return /^[A-Z]/.test(number) ? `appendix-${number}` : `section-${number}`;
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' '};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name] ?? whole;
  });
}

/** Collapses runs of white space (including no-break and zero-width spaces) into one space. */
function tidy(text: string): string {
  return text
    .replace(/[\u200b\u2060]/g, '')
    .replace(/[\s\u00a0\u2011]+/g, (space) => (space === '\u2011' ? '-' : ' '))
    .trim();
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

function letter(index: number): string {
  // Appendices run A…Z, then AA, AB… (xml2rfc's own scheme); no RFC cited here comes near 26.
  return index < 26
    ? String.fromCharCode(65 + index)
    : letter(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));
}

/**
 * Sections of an xml2rfc v3 source. A section's number is its position among its numbered siblings;
 * `<section>`s in `<back>` are appendices A, B, …; `<references>` in `<back>` continue the numbering of
 * `<middle>` (RFC 9110's "19. References"). `numbered="false"` and `removeInRFC="true"` sections get none.
 */
export function parseRfcXml(xml: string): {rfc: number; title: string; sections: RfcSection[]} {
  const source = xml.replace(/<!--[\s\S]*?-->/g, '');
  const rfc = Number(/<rfc\b[^>]*\bnumber="(\d+)"/.exec(source)?.[1]);
  if (!Number.isInteger(rfc)) throw new Error('no number="…" on the <rfc> element: is this a published RFC?');
  const title = tidy(
    decodeEntities((/<front>[\s\S]*?<title[^>]*>([\s\S]*?)<\/title>/.exec(source)?.[1] ?? '').replace(/<[^>]+>/g, '')),
  );

  type Open = {number: string | undefined; children: number; named: boolean; entry: RfcSection | undefined};
  const sections: RfcSection[] = [];
  const stack: Open[] = [];
  let part: 'front' | 'middle' | 'back' | undefined;
  let topLevel = 0; // numbered top-level sections of <middle>, and the <references> that continue them
  let appendices = 0;
  const tag = /<(\/?)(middle|back|section|references|name)\b([^>]*?)(\/?)>/g;
  for (let match = tag.exec(source); match; match = tag.exec(source)) {
    const [, closing, name, attributes = '', selfClosing] = match;
    if (name === 'middle' || name === 'back') {
      part = closing ? undefined : name;
      continue;
    }
    if (name === 'name') {
      if (closing || selfClosing) continue;
      const open = stack.at(-1);
      const end = source.indexOf('</name>', tag.lastIndex);
      if (open && !open.named && end >= 0) {
        open.named = true;
        if (open.entry)
          open.entry.title = tidy(decodeEntities(source.slice(tag.lastIndex, end).replace(/<[^>]+>/g, '')));
      }
      continue;
    }
    if (closing) {
      stack.pop();
      continue;
    }
    const parent = stack.at(-1);
    const unnumbered =
      attribute(attributes, 'numbered') === 'false' ||
      attribute(attributes, 'removeInRFC') === 'true' ||
      (parent !== undefined && parent.number === undefined);
    let number: string | undefined;
    if (!unnumbered && part !== undefined) {
      if (parent) number = `${parent.number}.${++parent.children}`;
      else if (part === 'back' && name === 'section') number = letter(appendices++);
      else number = String(++topLevel);
    }
    const heading = attribute(attributes, 'title');
    const entry = number === undefined ? undefined : {number, title: heading === undefined ? '' : tidy(heading)};
    if (entry) sections.push(entry);
    if (!selfClosing) stack.push({number, children: 0, named: heading !== undefined, entry});
  }
  const untitled = sections.find((section) => section.title === '');
  if (untitled) throw new Error(`section ${untitled.number} has no title`);
  return {rfc, title, sections};
}

type Numbering = number[] | {appendix: string; path: number[]};

/** Whether `next` can follow `previous` in an RFC's outline: first child, next sibling, or an ancestor's sibling. */
function follows(previous: number[] | undefined, next: number[]): boolean {
  if (previous === undefined) return next.length === 1 && next[0] === 1;
  if (next.length === previous.length + 1) return previous.every((n, i) => n === next[i]) && next.at(-1) === 1;
  if (next.length > previous.length) return false;
  return (
    previous.slice(0, next.length - 1).every((n, i) => n === next[i]) &&
    next.at(-1) === (previous[next.length - 1] ?? 0) + 1
  );
}

/**
 * Sections of a plain-text RFC. Headings are lines of the form `4.2.2.  Server Requirements`, `Appendix A.  Title`
 * or `A.1.  Title`, at the margin (RFC 959 indents each level by three spaces). A numbered line in running text
 * (a list item) is told apart by its indentation and by the outline: a heading is always the next sibling, the
 * first child or an ancestor's next sibling of the heading before it. Lines of the table of contents are skipped; when there
 * is one, every entry must be found as a heading, or this throws.
 */
export function parseRfcText(text: string): {rfc: number; title: string; sections: RfcSection[]} {
  const lines = text.replace(/\r/g, '').split('\n');
  // NaN when the copy lacks the header (a reflowed copy): the generator then asks for --rfc.
  const rfc = Number(/Request for Comments:\s*(\d+)/.exec(text)?.[1] ?? /^RFC (\d+)\s/m.exec(text)?.[1]);
  const isTocLine = (line: string) => /(\.\s?){3,}\s*\d+\s*$/.test(line) || /\s\.\s*\d+$/.test(line);
  const tocEntries: string[] = [];
  for (const line of lines) {
    const entry = /^\s+(?:Appendix\s+)?([A-Z]|\d+)((?:\.\d+)*)\.?\s+\S/.exec(line);
    if (entry && isTocLine(line)) tocEntries.push(`${entry[1]}${entry[2]}`);
  }
  const sections: RfcSection[] = [];
  let previous: Numbering | undefined;
  for (const line of lines) {
    if (isTocLine(line)) continue;
    const appendix = /^Appendix ([A-Z])\.?(?:\s+|\s*[-–:]\s*)(\S.*?)\s*$/.exec(line);
    if (appendix) {
      const [, id = '', title = ''] = appendix;
      const last = previous && !Array.isArray(previous) ? previous.appendix.charCodeAt(0) : 64;
      if (id.charCodeAt(0) === last + 1) {
        sections.push({number: id, title});
        previous = {appendix: id, path: []};
      }
      continue;
    }
    const heading = /^ {0,12}([A-Z]|\d+)((?:\.\d+)*)\.?\s{1,3}(\S.*?)\s*$/.exec(line);
    if (!heading) continue;
    const [, head = '', rest = '', title = ''] = heading;
    // A heading's title starts with a capital or a digit (status codes); "3. the client..." is prose.
    if (!/^[A-Z0-9"'(]/.test(title) || /\s{3,}/.test(title) || title.length > 90) continue;
    const path = rest.split('.').filter(Boolean).map(Number);
    if (/^[A-Z]$/.test(head)) {
      if (!previous || Array.isArray(previous) || previous.appendix !== head || path.length === 0) continue;
      const ok = previous.path.length === 0 ? path.length === 1 && path[0] === 1 : follows(previous.path, path);
      if (!ok) continue;
      sections.push({number: `${head}.${path.join('.')}`, title});
      previous = {appendix: head, path};
      continue;
    }
    if (previous && !Array.isArray(previous)) continue; // numbered sections do not follow appendices
    const numbers = [Number(head), ...path];
    // Headings start at the margin; RFC 959 indents each level by three more spaces. A numbered list item in
    // running text is indented further than that ("   5.   The request MUST…" inside §4.1 of RFC 6455).
    if (line.search(/\S/) > 3 * (numbers.length - 1)) continue;
    // The line must look like a heading: "N.M." and a space, or "N.M" and two spaces (RFC 2577 has no dots).
    // ("4.2.2 Numeric  Order List" in RFC 959: one space and no dot after a number of two or more levels.)
    if (!/^ {0,12}(?:\d+(?:\.\d+)*\.\s|\d+(?:\.\d+)*\s{2}|\d+(?:\.\d+)+\s)/.test(line)) continue;
    if (!follows(previous, numbers)) continue;
    sections.push({number: numbers.join('.'), title: title.replace(/\s+/g, ' ')});
    previous = numbers;
  }
  const found = new Set(sections.map((section) => section.number));
  const missing = tocEntries.filter((number) => !found.has(number));
  if (missing.length > 0)
    throw new Error(`the table of contents lists ${missing.join(', ')}, but no such heading was found`);
  return {rfc, title: titleFromText(lines), sections};
}

/** The RFC's title: the indented lines after the header block (empty when the copy has no header block). */
function titleFromText(lines: string[]): string {
  const header = lines.findIndex((line) => /^Request for Comments:/.test(line));
  if (header < 0) return '';
  let i = header;
  while (i < lines.length && (lines[i] ?? '').trim() !== '') i++;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  const parts: string[] = [];
  for (; /^\s+\S/.test(lines[i] ?? ''); i++) parts.push((lines[i] ?? '').trim());
  return parts.join(' ');
}

/**
 * Sections of a kramdown-rfc (Markdown) source, for an RFC whose published text could not be had but whose
 * source at AUTH48 could: the `#` headings between `--- middle` and `--- back`, numbered by nesting. Back
 * matter (appendices) and the generated References section are not indexed.
 */
export function parseKramdownRfc(markdown: string): {rfc: number; title: string; sections: RfcSection[]} {
  const rfc = Number(/^number:\s*(\d+)/m.exec(markdown)?.[1]);
  const title = (/^title:\s*"?(.*?)"?\s*$/m.exec(markdown)?.[1] ?? '').trim();
  const sections: RfcSection[] = [];
  const counters: number[] = [];
  let inMiddle = false;
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const fenceMatch = /^(~~~|```)/.exec(line);
    if (fenceMatch) {
      fence = fence === undefined ? fenceMatch[1] : line.startsWith(fence) ? undefined : fence;
      continue;
    }
    if (fence !== undefined) continue;
    if (/^--- middle/.test(line)) inMiddle = true;
    else if (/^--- /.test(line)) inMiddle = false;
    const heading = inMiddle ? /^(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*$/.exec(line) : null;
    if (!heading) continue;
    const depth = heading[1]?.length ?? 1;
    if (depth > counters.length + 1) throw new Error(`heading "${line}" skips a level`);
    counters.length = depth;
    counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
    sections.push({number: counters.join('.'), title: heading[2] ?? ''});
  }
  return {rfc, title, sections};
}
