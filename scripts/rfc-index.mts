/**
 * Writes the committed section index of one RFC, which the citation check
 * (tests/unit/scripts/citations/articles.test.ts) compares every RFC citation in docs/ and blog/ with:
 *
 *   node scripts/rfc-index.mts <rfcNNNN.txt | .xml | .md> --origin <where the text came from> [--rfc N] [--title T]
 *
 * The source is the RFC as published: the plain-text RFC or its xml2rfc v3 source (or, where neither can be had,
 * its kramdown-rfc Markdown source as approved at AUTH48, `.md`). The index records every
 * section's and appendix's number and title, and the file it was generated from (name, SHA-256, origin), in
 * scripts/citations/rfc/rfcNNNN.json. `--rfc` and `--title` are for a copy that lacks the RFC's header block.
 * The source itself is not committed: fetch it again from the origin to regenerate.
 */
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format as prettierFormat, resolveConfig} from 'prettier';
import {parseKramdownRfc, parseRfcText, parseRfcXml, type RfcIndex} from './citations/rfcIndex.mts';

const usage =
  'usage: node scripts/rfc-index.mts <rfcNNNN.txt|.xml|.md> --origin <url or description> [--rfc N] [--title T]';
const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {origin: {type: 'string'}, rfc: {type: 'string'}, title: {type: 'string'}},
});
const [input] = positionals;
if (input === undefined || values.origin === undefined) {
  console.error(usage);
  process.exit(2);
}
const bytes = readFileSync(input);
const text = bytes.toString('utf8');
const format = /^\s*(<\?xml|<!DOCTYPE rfc|<rfc\b)/.test(text)
  ? 'xml2rfc'
  : input.endsWith('.md')
    ? 'kramdown-rfc'
    : 'text';
const parsed = {xml2rfc: parseRfcXml, 'kramdown-rfc': parseKramdownRfc, text: parseRfcText}[format](text);
const rfc = values.rfc === undefined ? parsed.rfc : Number(values.rfc);
const title = values.title ?? parsed.title;
if (!Number.isInteger(rfc) || rfc <= 0) {
  console.error(`${input}: no RFC number in the text; give it with --rfc`);
  process.exit(2);
}
if (title === '') {
  console.error(`${input}: no title in the text; give it with --title`);
  process.exit(2);
}
if (parsed.sections.length === 0) {
  console.error(`${input}: no numbered sections found`);
  process.exit(1);
}
const index: RfcIndex = {
  rfc,
  title,
  generatedFrom: {
    format,
    file: basename(input),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    origin: values.origin,
  },
  sections: parsed.sections,
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'citations', 'rfc', `rfc${rfc}.json`);
// Formatted as Prettier formats it, so that `npm run lint` passes on the file as written.
writeFileSync(out, await prettierFormat(JSON.stringify(index), {...(await resolveConfig(out)), filepath: out}));
const appendices = parsed.sections.filter((section) => /^[A-Z]/.test(section.number)).length;
console.log(
  `${out}: RFC ${rfc} "${title}", ${parsed.sections.length - appendices} sections, ${appendices} appendix entries`,
);
