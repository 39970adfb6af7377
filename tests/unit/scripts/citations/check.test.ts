import {describe, expect, it} from 'vitest';
import {checkCitations, loadSources, nameMismatch, type Sources} from '../../../../scripts/citations/check.mts';

// The committed indexes (scripts/citations/rfc/, scripts/citations/whatwg/): the same ones the article check uses.
const sources = loadSources();
const check = (mdx: string) => checkCitations('fixture.mdx', mdx, sources);
const messages = (mdx: string) => check(mdx).map((failure) => failure.message);

const rfc = (n: number, section?: string) =>
  `https://www.rfc-editor.org/rfc/rfc${n}${section === undefined ? '' : `#section-${section}`}`;

describe('the two wrong citations of the issue', () => {
  it('fails "§15.2.2 201 Created": §15.2.2 is 101 Switching Protocols', () => {
    // As uniform-interface.mdx had it: a References entry naming 201 against §15.2.2.
    const entry = `## References\n\n- R. Fielding (eds.). [RFC 9110: HTTP Semantics](${rfc(9110)}).\n  IETF, 2022. §9.3.7 OPTIONS; §15.2.2 201 Created.\n`;
    expect(check(entry)).toEqual([
      {
        file: 'fixture.mdx',
        line: 4,
        message: 'RFC 9110 §15.2.2 names status 201, but the section is "101 Switching Protocols"',
      },
    ]);
    // The same in a link, and the anchor the text gives.
    expect(messages(`the answer is [RFC 9110 §15.2.2 201 Created](${rfc(9110, '15.2.2')}).`)).toEqual([
      'RFC 9110 §15.2.2 names status 201, but the section is "101 Switching Protocols"',
    ]);
    // Corrected, both pass.
    expect(check(entry.replace('§15.2.2 201 Created', '§15.3.2 201 Created'))).toEqual([]);
    expect(check(`the answer is [RFC 9110 §15.3.2 201 Created](${rfc(9110, '15.3.2')}).`)).toEqual([]);
  });

  it('fails RFC 9112 §9.3 for pairing responses with requests where text and anchor disagree', () => {
    // The claim itself ("responses come back in request order") is about §9.2's content; the check cannot
    // read content. What it can see: the text citing one section and the link landing on another ...
    expect(messages(`responses pair with requests by order ([RFC 9112 §9.3](${rfc(9112, '9.2')})).`)).toEqual([
      `[RFC 9112 §9.3](${rfc(9112, '9.2')}): the text cites §9.3, the link goes to §9.2`,
    ]);
    expect(messages(`responses pair with requests by order ([RFC 9112 §9.2](${rfc(9112, '9.3')})).`)).toEqual([
      `[RFC 9112 §9.2](${rfc(9112, '9.3')}): the text cites §9.2, the link goes to §9.3`,
    ]);
    // ... and a title named next to the number that is not that section's.
    const named = `## References\n\n- [RFC 9112: HTTP/1.1](${rfc(9112)}). §9.3 Associating a Response to a Request.\n`;
    expect(messages(named)).toEqual([
      'RFC 9112 §9.3 names "Associating a Response to a Request", but the section is "Persistence"',
    ]);
    expect(check(named.replace('§9.3', '§9.2'))).toEqual([]);
  });
});

describe('links to an RFC', () => {
  it('passes a link whose text, RFC and anchor agree', () => {
    expect(check(`closing ([RFC 6455 §7.4.1](${rfc(6455, '7.4.1')})) and ([§5.5.1](${rfc(6455, '5.5.1')}))`)).toEqual(
      [],
    );
    expect(check(`[Section 4.2.2 of RFC 6455](${rfc(6455, '4.2.2')})`)).toEqual([]);
  });

  it('fails a link whose text names another RFC', () => {
    expect(messages(`([RFC 9110 §9.3](${rfc(9112, '9.3')}))`)).toEqual([
      `[RFC 9110 §9.3](${rfc(9112, '9.3')}): the text cites RFC 9110, the link goes to RFC 9112`,
    ]);
    // The RFC may be named right before a link whose text is only "§x".
    expect(messages(`RFC 9110 [§9.3](${rfc(9112, '9.3')})`)).toEqual([
      `[§9.3](${rfc(9112, '9.3')}): the text cites RFC 9110, the link goes to RFC 9112`,
    ]);
  });

  it('fails a section that the RFC does not have', () => {
    expect(messages(`([RFC 6455 §5.9](${rfc(6455, '5.9')}))`)).toEqual([
      'RFC 6455 has no section 5.9 (its index lists no such number)',
    ]);
  });

  it('fails a cited section whose link has no anchor, before, inside or after the link', () => {
    expect(messages(`([RFC 8441 §5](${rfc(8441)}))`)).toEqual([
      `[RFC 8441 §5](${rfc(8441)}): the text cites §5, but the link has no #section-5`,
    ]);
    expect(messages(`as §5 ([RFC 8441](${rfc(8441)})) says`)).toEqual([
      `[RFC 8441](${rfc(8441)}): the text cites §5, but the link has no #section-5`,
    ]);
    expect(messages(`[RFC 8441](${rfc(8441)}) §5 says`)).toHaveLength(1);
    // A bare link to the RFC, citing no section, is fine.
    expect(check(`published as [RFC 8441](${rfc(8441)}) in 2018`)).toEqual([]);
  });

  it('fails one link for several sections, and an anchor that is not a section', () => {
    expect(messages(`([RFC 9110 §9.2, §9.3](${rfc(9110, '9.2')}))`)).toEqual([
      `[RFC 9110 §9.2, §9.3](${rfc(9110, '9.2')}): one link cites §9.2, §9.3; give each section its own link`,
    ]);
    expect(messages(`[RFC 9110](https://www.rfc-editor.org/rfc/rfc9110#name-get)`)).toEqual([
      '[RFC 9110](https://www.rfc-editor.org/rfc/rfc9110#name-get): #name-get is not a section anchor; link #section-N or #appendix-X',
    ]);
  });

  it('checks a status code or header field named by the link text against the section title', () => {
    expect(check(`[\`410 Gone\`](${rfc(9110, '15.5.11')}) and [\`429\`](${rfc(6585, '4')})`)).toEqual([]);
    expect(check(`[\`Retry-After\`](${rfc(9110, '10.2.3')})`)).toEqual([]);
    expect(messages(`[\`503\`](${rfc(9110, '15.6.3')})`)).toEqual([
      'RFC 9110 §15.6.3 names status 503, but the section is "502 Bad Gateway"',
    ]);
    expect(messages(`[\`Retry-After\`](${rfc(9110, '10.2.2')})`)).toEqual([
      'RFC 9110 §10.2.2 names `Retry-After`, but the section is "Location"',
    ]);
    // Prose in a link text is not a name: "the closing handshake" is not compared with §7's title.
    expect(check(`[the closing handshake](${rfc(6455, '7')})`)).toEqual([]);
  });

  it('does not read prose before a citation as a name', () => {
    // `Connection: close` is not §9.6's title ("Tear-down"), but the sentence is right: prose is not a name.
    expect(check(`\`Connection: close\` ([§9.6](${rfc(9112, '9.6')}))`)).toEqual([]);
  });
});

describe('References entries', () => {
  const entry = (text: string) =>
    `## References\n\n- [RFC 6455: The WebSocket Protocol](${rfc(6455)}). IETF, 2011.\n  ${text}\n`;

  it('passes titles that match, ignoring case, and descriptions in parentheses', () => {
    expect(check(entry('§1.3 Opening handshake; §5.2 Base Framing Protocol (the header bits).'))).toEqual([]);
    expect(check(entry('§4 (the whole handshake).'))).toEqual([]);
  });

  it('fails a title that is another section’s', () => {
    // RFC 6455 §1.2 is the Protocol Overview; the opening handshake is §1.3.
    expect(messages(entry('§1.2 Opening Handshake.'))).toEqual([
      'RFC 6455 §1.2 names "Opening Handshake", but the section is "Protocol Overview"',
    ]);
  });

  it('reads a title that ends in parentheses, and a remark with a ";" inside its parentheses', () => {
    const ftp = (text: string) => `## References\n\n- [RFC 3659: Extensions to FTP](${rfc(3659)}). ${text}\n`;
    expect(check(ftp('§3 File Modification Time (MDTM); §4 File SIZE.'))).toEqual([]);
    expect(check(ftp('§4 File SIZE (what it counts; in octets).'))).toEqual([]);
    expect(messages(ftp('§4 File Size Command (what it counts; in octets).'))).toEqual([
      'RFC 3659 §4 names "File Size Command", but the section is "File SIZE"',
    ]);
  });

  it('reads an entry wrapped over several lines, a year at the start of a line included', () => {
    const wrapped = `## References\n\n- I. Fette. [RFC 6455: The WebSocket Protocol](${rfc(6455)}). IETF,\n  2011. §5.1 Overview; §5.2\n  Base Framing Protocol; §5.3 Masking.\n`;
    expect(check(wrapped)).toEqual([
      {
        file: 'fixture.mdx',
        line: 5,
        message: 'RFC 6455 §5.3 names "Masking", but the section is "Client-to-Server Masking"',
      },
    ]);
  });

  it('reads citations nested in a remark, and lists joined by "and"', () => {
    expect(check(entry('§5.5 Control Frames (§5.5.1 Close, §5.5.2 Ping, §5.5.3 Pong); §7.4 Status Codes.'))).toEqual(
      [],
    );
    expect(check(entry('§1.3 and §4 (the opening handshake).'))).toEqual([]);
    expect(messages(entry('§5.5 Control Frames (§5.5.1 Close, §5.5.2 Pong).'))).toEqual([
      'RFC 6455 §5.5.2 names "Pong", but the section is "Ping"',
    ]);
  });

  it('checks both ends of a range', () => {
    expect(check(entry('§5.5.2–5.5.3 Ping and Pong.'))).toEqual([]);
    expect(messages(entry('§5.5.1–5.5.3 Ping and Pong.'))).toEqual([
      'RFC 6455 §5.5.1–5.5.3 names "Ping and Pong", but the range includes "Close"',
    ]);
  });

  it('gives a § to the RFC named last before it, by a link or in words', () => {
    const two = `## References\n\n- [RFC 9110: HTTP Semantics](${rfc(9110)}) and [RFC 9111: HTTP Caching](${rfc(9111)}).\n  RFC 9110 §8.3 Content-Type, §8.8.3 ETag; RFC 9111 §5.2 Cache-Control.\n`;
    expect(check(two)).toEqual([]);
    expect(messages(two.replace('RFC 9111 §5.2', '§5.2'))).toEqual([
      'RFC 9110 §5.2 names "Cache-Control", but the section is "Field Lines and Combined Field Value"',
    ]);
  });

  it('leaves alone the sections of works that are not RFCs', () => {
    const fielding = `## References\n\n- R. T. Fielding. [Dissertation](https://ics.uci.edu/~fielding/pubs/dissertation/top.htm). §5.1.2 Client-Server.\n`;
    expect(check(fielding)).toEqual([]);
  });
});

describe('sections cited in prose', () => {
  it('fails a section cited without a link, and still checks that it exists', () => {
    expect(messages('RFC 6202 §2.2 lists the issues.')).toEqual([
      'RFC 6202 §2.2 is cited without a link; write [RFC 6202 §2.2](https://www.rfc-editor.org/rfc/rfc6202#section-2.2)',
    ]);
    expect(messages('see Section 9.9 of RFC 6202.')).toEqual([
      'RFC 6202 has no section 9.9 (its index lists no such number)',
      'RFC 6202 §9.9 is cited without a link; write [RFC 6202 §9.9](https://www.rfc-editor.org/rfc/rfc6202#section-9.9)',
    ]);
  });

  it('ignores code blocks and comments', () => {
    expect(check('```\nRFC 6202 §2.2\n```\n{/* RFC 6202 §2.2 */}\n')).toEqual([]);
  });
});

describe('an RFC without an index', () => {
  it('fails rather than passing what it cannot verify', () => {
    const empty: Sources = {rfcs: new Map(), whatwg: sources.whatwg};
    expect(
      checkCitations('fixture.mdx', `([RFC 6455 §1.3](${rfc(6455, '1.3')}))`, empty).map((f) => f.message),
    ).toEqual([
      "RFC 6455 §1.3 cannot be verified: RFC 6455 has no index in scripts/citations/rfc/ (generate one with scripts/rfc-index.mts from the RFC's text)",
    ]);
  });
});

describe('WHATWG links', () => {
  it('passes anchors that exist and fails those that do not', () => {
    expect(check('[feedback](https://websockets.spec.whatwg.org/#feedback-from-the-protocol)')).toEqual([]);
    expect(check('[forbidden](https://fetch.spec.whatwg.org/#forbidden-request-header)')).toEqual([]);
    expect(
      check('[parse](https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream)'),
    ).toEqual([]);
    expect(messages('[x](https://websockets.spec.whatwg.org/#no-such-section)')).toEqual([
      'https://websockets.spec.whatwg.org/#no-such-section: #no-such-section is not an anchor of websockets.spec.whatwg.org/ (scripts/citations/whatwg/)',
    ]);
    // An HTML id from another page is fine: the multipage edition redirects the fragment to its page.
    expect(check('[sandboxing](https://html.spec.whatwg.org/multipage/browsers.html#sandboxing)')).toEqual([]);
    expect(messages('[x](https://html.spec.whatwg.org/multipage/server-sent-events.html#no-such-id)')).toEqual([
      'https://html.spec.whatwg.org/multipage/server-sent-events.html#no-such-id: #no-such-id is not an anchor of html.spec.whatwg.org (scripts/citations/whatwg/)',
    ]);
    expect(messages('[x](https://html.spec.whatwg.org/multipage/no-such-page.html)')).toEqual([
      'https://html.spec.whatwg.org/multipage/no-such-page.html: html.spec.whatwg.org has no page "no-such-page.html" in the anchor list',
    ]);
  });
});

describe('nameMismatch: what counts as naming a section', () => {
  it('compares a status code, with its reason phrase when given', () => {
    expect(nameMismatch('201 Created', ['201 Created'])).toBeUndefined();
    expect(nameMismatch('`201`', ['201 Created'])).toBeUndefined();
    expect(nameMismatch('201 Created', ['101 Switching Protocols'])).toMatch(/names status 201/);
    expect(nameMismatch('201 Accepted', ['201 Created'])).toMatch(/names "201 Accepted"/);
  });

  it('looks for a backticked token as a word of the title', () => {
    expect(nameMismatch('`no-store`', ['no-store'])).toBeUndefined();
    expect(nameMismatch('`Sec-WebSocket-Key`', ['Sec-WebSocket-Key'])).toBeUndefined();
    expect(nameMismatch('`ETag`', ['Validator Fields'])).toMatch(/names `ETag`/);
  });

  it('compares any other name with the whole title and ignores a parenthesised remark', () => {
    expect(nameMismatch('Persistence', ['Persistence'])).toBeUndefined();
    expect(
      nameMismatch('Chunked Transfer Coding (how an unending response is framed)', ['Chunked Transfer Coding']),
    ).toBeUndefined();
    expect(nameMismatch('(HTTP as a stateless protocol)', ['Connections, Clients, and Servers'])).toBeUndefined();
    expect(nameMismatch('Pipelining', ['Persistence'])).toMatch(/names "Pipelining"/);
    expect(nameMismatch('', ['Persistence'])).toBeUndefined();
  });
});
