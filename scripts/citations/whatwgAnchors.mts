/**
 * The anchors (fragment ids) of a WHATWG standard, read from its source, for the citation check's list of the
 * anchors a link may use. Two inputs:
 * - a Bikeshed source (`fetch.bs`, `websockets.bs`): the ids Bikeshed gives headings and definitions;
 * - built pages of the HTML Standard (its Wattsi source is too large to read here): the ids of headings and
 *   definitions in the pages as published.
 */

/**
 * Bikeshed's text-to-id simplification, as it applies to the ids below: lower case, runs of anything but
 * letters, digits, "_" and "-" become one "-", no "-" at either end.
 */
export function bikeshedSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

const idlTypes = ['attribute', 'method', 'constructor', 'const', 'dict-member', 'enum-value', 'argument'];

/** The value of an HTML attribute written `name=value`, `name="value"` or `name='value'`. */
function attributeValue(attributes: string, name: string): string | undefined {
  const match = new RegExp(String.raw`(?:^|\s)${name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`).exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/**
 * The anchors of a Bikeshed source:
 * - every explicit id: `{#id}` after a Markdown heading, `id=` on any element;
 * - a `<dfn>` without an id gets Bikeshed's generated one: the slug of its first linking text (`lt=`, else its
 *   text), prefixed by the slug of its `for=` value for a plain definition (`fetch-params-request`), or
 *   `dom-<for>-<name>` for an IDL member (`dom-requestinit-duplex`; a method's name stops at "("), or
 *   `eventdef-<for>-<name>` for an event.
 * and the ids of what the IDL blocks define (`idlAnchors`).
 */
export function bikeshedAnchors(source: string): string[] {
  const anchors = new Set<string>();
  for (const match of source.matchAll(/\{#([A-Za-z0-9_.:-]+)\}/g)) anchors.add(match[1] ?? '');
  for (const match of source.matchAll(/<[a-zA-Z][a-zA-Z0-9]*\s([^>]*)>/g)) {
    const id = attributeValue(match[1] ?? '', 'id');
    if (id !== undefined) anchors.add(id);
  }
  for (const match of source.matchAll(/<dfn(\s[^>]*)?>([\s\S]*?)<\/dfn>/g)) {
    const attributes = match[1] ?? '';
    if (attributeValue(attributes, 'id') !== undefined) continue;
    const text = (
      attributeValue(attributes, 'lt') ??
      attributeValue(attributes, 'data-lt') ??
      (match[2] ?? '').replace(/<[^>]+>/g, '')
    )
      .split('|')[0]
      ?.replace(/\{\{|\}\}/g, '')
      .trim();
    if (text === undefined || text === '') continue;
    const owner = (attributeValue(attributes, 'for') ?? attributeValue(attributes, 'data-dfn-for'))
      ?.split(',')[0]
      ?.trim();
    const words = attributes.split(/\s+/);
    const type = words.find(
      (word) => idlTypes.includes(word) || word === 'event' || word === 'interface' || word === 'dictionary',
    );
    if (type === 'event' && owner !== undefined) anchors.add(`eventdef-${bikeshedSlug(owner)}-${bikeshedSlug(text)}`);
    else if (type !== undefined && idlTypes.includes(type) && owner !== undefined) {
      anchors.add(`dom-${bikeshedSlug(owner)}-${bikeshedSlug(text.replace(/\(.*$/s, ''))}`);
    } else if (type === undefined)
      anchors.add(owner === undefined ? bikeshedSlug(text) : `${bikeshedSlug(owner)}-${bikeshedSlug(text)}`);
  }
  for (const anchor of idlAnchors(source)) anchors.add(anchor);
  anchors.delete('');
  return [...anchors].sort();
}

/**
 * The ids Bikeshed gives the definitions it makes from `<pre class=idl>` (or `<xmp class=idl>`) blocks: `dictdef-requestinit`,
 * `dom-requestinit-duplex` for a dictionary and its members, `enumdef-requestduplex` and
 * `dom-requestduplex-half` for an enum and its values, `dom-<interface>-<member>` for attributes, operations,
 * constants and the constructor (`dom-websocket-websocket`).
 */
export function idlAnchors(source: string): string[] {
  const anchors: string[] = [];
  for (const block of source.matchAll(/<(pre|xmp) class=["']?idl["']?[^>]*>([\s\S]*?)<\/\1>/g)) {
    const idl = (block[2] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/\/\/[^\n]*/g, '')
      .replace(/\[[^\]]*\]/g, '');
    for (const definition of idl.matchAll(
      /\b(interface mixin|interface|dictionary|namespace|enum)\s+(\w+)(?:\s*:\s*\w+)?\s*\{([\s\S]*?)\};/g,
    )) {
      const [, kind = '', name = '', body = ''] = definition;
      const owner = name.toLowerCase();
      if (kind === 'enum') {
        anchors.push(`enumdef-${owner}`);
        for (const value of body.matchAll(/"([^"]*)"/g)) anchors.push(`dom-${owner}-${bikeshedSlug(value[1] ?? '')}`);
        continue;
      }
      if (kind === 'dictionary') anchors.push(`dictdef-${owner}`);
      for (const statement of body.split(';')) {
        const text = statement.replace(/\s+/g, ' ').trim();
        if (text === '') continue;
        if (/^constructor\s*\(/.test(text)) {
          anchors.push(`dom-${owner}-${owner}`);
          continue;
        }
        // The member's name: the identifier before "(" for an operation, else the last one before "=".
        const operation = /(\w+)\s*\(/.exec(text);
        const member = operation ? operation[1] : /(\w+)\s*(?:=.*)?$/.exec(text)?.[1];
        if (member !== undefined) anchors.push(`dom-${owner}-${member.toLowerCase()}`);
      }
    }
  }
  return anchors;
}

/**
 * The anchors of one built page of the HTML Standard: the ids of its headings and definitions. The ids the build
 * gives every cross-reference (`section:term-2`) are left out: nobody cites them.
 */
export function builtPageAnchors(html: string): string[] {
  const anchors = new Set<string>();
  for (const match of html.matchAll(/<(h[1-6]|dfn)\b([^>]*)>/g)) {
    const id = attributeValue(match[2] ?? '', 'id');
    if (id !== undefined && !id.includes(':')) anchors.add(id);
  }
  return [...anchors].sort();
}
