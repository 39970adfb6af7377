import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
  anchorOf,
  parseKramdownRfc,
  parseRfcText,
  parseRfcXml,
  type RfcIndex,
} from '../../../../scripts/citations/rfcIndex.mts';

const indexDirectory = join(import.meta.dirname, '../../../../scripts/citations/rfc');
const index = (rfc: number) => JSON.parse(readFileSync(join(indexDirectory, `rfc${rfc}.json`), 'utf8')) as RfcIndex;
const title = (rfc: number, number: string) => index(rfc).sections.find((section) => section.number === number)?.title;

describe('the committed indexes', () => {
  it('hold the sections the review checked by hand', () => {
    expect(title(9110, '15.2.2')).toBe('101 Switching Protocols');
    expect(title(9110, '15.3.2')).toBe('201 Created');
    expect(title(9112, '9.2')).toBe('Associating a Response to a Request');
    expect(title(9112, '9.3')).toBe('Persistence');
    expect(title(6455, '1.2')).toBe('Protocol Overview');
    expect(title(6455, '1.3')).toBe('Opening Handshake');
    expect(title(6455, '7.4.1')).toBe('Defined Status Codes');
    expect(title(959, '3.4.1')).toMatch(/^stream mode$/i);
  });

  it('number the appendices of an xml2rfc source A, B, … and the references after the last section', () => {
    expect(title(9110, 'A')).toBe('Collected ABNF');
    expect(title(9110, '19')).toBe('References');
    expect(title(9110, '19.1')).toBe('Normative References');
  });

  it('say what text each was generated from', () => {
    for (const file of readdirSync(indexDirectory)) {
      const {rfc, generatedFrom, sections} = JSON.parse(readFileSync(join(indexDirectory, file), 'utf8')) as RfcIndex;
      expect(file).toBe(`rfc${rfc}.json`);
      expect(generatedFrom.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(generatedFrom.origin).not.toBe('');
      expect(sections.length).toBeGreaterThan(3);
    }
  });
});

describe('parseRfcText', () => {
  const text = [
    'Internet Engineering Task Force (IETF)                          A. Author',
    'Request for Comments: 9999                                       Example',
    '',
    '                        An Example Protocol',
    '',
    'Table of Contents',
    '',
    '   1.  Introduction . . . . . . . . . . . . . . . . . . . . . . . .  2',
    '     1.1.  Background . . . . . . . . . . . . . . . . . . . . . . .  2',
    '   2.  Framing  . . . . . . . . . . . . . . . . . . . . . . . . . .  3',
    '   Appendix A.  Test Vectors  . . . . . . . . . . . . . . . . . . .  4',
    '',
    '1.  Introduction',
    '',
    '   The steps are:',
    '',
    '   1.  Connect.',
    '',
    '1.1.  Background',
    '',
    '3.  Not a heading: a list item out of order in running text',
    '',
    '2.  Framing',
    '',
    'RFC 9999                    Example Protocol                  March 2024',
    '',
    'Appendix A.  Test Vectors',
    '',
    'A.1.  Short Frames',
  ].join('\n');

  it('reads the numbered headings, appendices and the title, skipping the contents and list items', () => {
    expect(parseRfcText(text)).toEqual({
      rfc: 9999,
      title: 'An Example Protocol',
      sections: [
        {number: '1', title: 'Introduction'},
        {number: '1.1', title: 'Background'},
        {number: '2', title: 'Framing'},
        {number: 'A', title: 'Test Vectors'},
        {number: 'A.1', title: 'Short Frames'},
      ],
    });
  });

  it('reads a table of contents without page numbers (RFC 9114) as contents, not headings', () => {
    const modern = [
      'Request for Comments: 9114                                        Akamai',
      '',
      '                                 HTTP/3',
      '',
      'Table of Contents',
      '',
      '   1.  Introduction',
      '     1.1.  Prior Versions of HTTP',
      '   Appendix A.  Considerations for Transitioning from HTTP/2',
      '',
      '1.  Introduction',
      '',
      '1.1.  Prior Versions of HTTP',
      '',
      'Appendix A.  Considerations for Transitioning from HTTP/2',
    ].join('\n');
    expect(parseRfcText(modern).sections).toEqual([
      {number: '1', title: 'Introduction'},
      {number: '1.1', title: 'Prior Versions of HTTP'},
      {number: 'A', title: 'Considerations for Transitioning from HTTP/2'},
    ]);
  });

  it('refuses a text whose table of contents lists a heading it cannot find', () => {
    expect(() => parseRfcText(text.replace('2.  Framing\n', ''))).toThrow(/lists 2, but no such heading/);
  });
});

describe('parseRfcXml', () => {
  const xml = `<?xml version="1.0"?>
<rfc number="9999" version="3"><front><title>An Example</title></front>
<middle>
  <section anchor="intro"><name>Introduction</name>
    <section title="Old-Style Title"><t>text</t></section>
    <section><name>The <tt>Upgrade</tt> Field</name><figure><name>Not a section</name></figure></section>
  </section>
  <section anchor="status"><name>Status Codes</name>
    <section><name>101 Switching Protocols</name></section>
  </section>
  <section removeInRFC="true"><name>Changes Since the Draft</name></section>
</middle>
<back>
  <references><name>References</name><references><name>Normative References</name></references></references>
  <section><name>Collected ABNF</name><section><name>Rules</name></section></section>
  <section numbered="false"><name>Acknowledgements</name></section>
</back></rfc>`;

  it('numbers sections by nesting order, references after the middle, appendices by letter', () => {
    expect(parseRfcXml(xml)).toEqual({
      rfc: 9999,
      title: 'An Example',
      sections: [
        {number: '1', title: 'Introduction'},
        {number: '1.1', title: 'Old-Style Title'},
        {number: '1.2', title: 'The Upgrade Field'},
        {number: '2', title: 'Status Codes'},
        {number: '2.1', title: '101 Switching Protocols'},
        {number: '3', title: 'References'},
        {number: '3.1', title: 'Normative References'},
        {number: 'A', title: 'Collected ABNF'},
        {number: 'A.1', title: 'Rules'},
      ],
    });
  });
});

describe('parseKramdownRfc', () => {
  it('numbers the middle headings by depth and ignores code and back matter', () => {
    const markdown = [
      '---',
      'title: "An Example"',
      'number: 9999',
      '--- middle',
      '# Introduction',
      '~~~',
      '# not a heading',
      '~~~',
      '# Method {#method}',
      '## Example',
      '--- back',
      '# Acknowledgments',
    ].join('\n');
    expect(parseKramdownRfc(markdown)).toEqual({
      rfc: 9999,
      title: 'An Example',
      sections: [
        {number: '1', title: 'Introduction'},
        {number: '2', title: 'Method'},
        {number: '2.1', title: 'Example'},
      ],
    });
  });
});

describe('anchorOf', () => {
  it('gives rfc-editor.org fragments', () => {
    expect(anchorOf('4.2.2')).toBe('section-4.2.2');
    expect(anchorOf('A.1')).toBe('appendix-A.1');
  });
});
