import {describe, expect, it} from 'vitest';
import {
  bikeshedAnchors,
  bikeshedSlug,
  builtPageAnchors,
  idlAnchors,
} from '../../../../scripts/citations/whatwgAnchors.mts';

describe('bikeshedAnchors', () => {
  it('lists explicit ids and the ids Bikeshed gives definitions without one', () => {
    const source = [
      '# Feedback from the protocol # {#feedback-from-the-protocol}',
      '<h2 id=acks class="no-num">Acknowledgments</h2>',
      '<p>A header (<var>name</var>, <var>value</var>) is a <dfn export>forbidden request-header</dfn> if …',
      '<dfn for="fetch params">process response</dfn>',
      '<dfn export id=concept-websocket-establish>establish a WebSocket connection</dfn>',
      '<dfn attribute for=RequestInit>duplex</dfn> and <dfn method for=WebSocket>close(|code|, |reason|)</dfn>',
      '<dfn event for=WebSocket>open</dfn>',
    ].join('\n');
    expect(bikeshedAnchors(source)).toEqual([
      'acks',
      'concept-websocket-establish',
      'dom-requestinit-duplex',
      'dom-websocket-close',
      'eventdef-websocket-open',
      'feedback-from-the-protocol',
      'fetch-params-process-response',
      'forbidden-request-header',
    ]);
  });

  it('simplifies text as Bikeshed does for these ids', () => {
    expect(bikeshedSlug('Obtain a WebSocket connection')).toBe('obtain-a-websocket-connection');
    expect(bikeshedSlug("client's  header--list")).toBe('clients-header-list');
  });
});

describe('idlAnchors', () => {
  it('gives the ids of dictionaries, their members, enums and interface members', () => {
    const source = [
      '<pre class=idl>',
      'dictionary RequestInit {',
      '  RequestDuplex duplex;',
      '  any window; // can only be set to null',
      '};',
      'enum RequestDuplex { "half" };',
      '</pre>',
      '<xmp class="idl">',
      '[Exposed=*]',
      'interface WebSocket : EventTarget {',
      '  constructor(USVString url, optional (DOMString or sequence<DOMString>) protocols = []);',
      '  const unsigned short OPEN = 1;',
      '  undefined close(optional [Clamp] unsigned short code, optional USVString reason);',
      '};',
      '</xmp>',
    ].join('\n');
    expect(idlAnchors(source)).toEqual([
      'dictdef-requestinit',
      'dom-requestinit-duplex',
      'dom-requestinit-window',
      'enumdef-requestduplex',
      'dom-requestduplex-half',
      'dom-websocket-websocket',
      'dom-websocket-open',
      'dom-websocket-close',
    ]);
  });
});

describe('builtPageAnchors', () => {
  it('keeps the ids of headings and definitions, not those of cross-references', () => {
    const page =
      '<h3 id=sse-processing-model><span class=secno>9.2.3</span> Processing model</h3>' +
      '<p>The <dfn id=concept-event-stream-last-event-id>last event ID string</dfn> and ' +
      '<a href=#dispatchMessage id=event-stream-interpretation:dispatchMessage>dispatch</a>.</p>' +
      '<p id=note-1>A note.</p>';
    expect(builtPageAnchors(page)).toEqual(['concept-event-stream-last-event-id', 'sse-processing-model']);
  });
});
