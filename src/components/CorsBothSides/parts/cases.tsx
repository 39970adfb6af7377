/**
 * What the demo says of each case: its button's name, what the page asks for, and the Fetch standard's rule that
 * decided what the page was given, linked to its section.
 */
import type {ReactNode} from 'react';
import {
  CORS_EXPOSED_RESPONSE_HEADER,
  CORS_UNEXPOSED_RESPONSE_HEADER,
  CORS_UNLISTED_METHOD,
  CORS_UNLISTED_REQUEST_HEADER,
  type CorsCase,
} from '../../../../demo-server/src/contract/cors.ts';

const FETCH = 'https://fetch.spec.whatwg.org/';

function Fetch({anchor, children}: {anchor: string; children: ReactNode}): ReactNode {
  return <a href={`${FETCH}#${anchor}`}>{children}</a>;
}

/** The button's words and the result's heading. */
export const CASE_LABELS: Readonly<Record<CorsCase, string>> = {
  simple: 'Simple GET',
  json: 'JSON POST',
  method: `${CORS_UNLISTED_METHOD} not allowed`,
  header: `${CORS_UNLISTED_REQUEST_HEADER} not allowed`,
  credentials: 'Credentials with *',
  expose: `${CORS_UNEXPOSED_RESPONSE_HEADER} not exposed`,
};

/** What the server is set up to answer, in a few words. */
export const CASE_SETUPS: Readonly<Record<CorsCase, ReactNode>> = {
  simple: (
    <>
      The server answers with <code>Access-Control-Allow-Origin</code> naming this page&apos;s origin.
    </>
  ),
  json: (
    <>
      The server&apos;s preflight answer allows <code>POST</code> and <code>Content-Type</code>, for 600 s.
    </>
  ),
  method: (
    <>
      The server serves <code>{CORS_UNLISTED_METHOD}</code> here, but its preflight answer lists only{' '}
      <code>GET, POST</code>.
    </>
  ),
  header: (
    <>
      The server&apos;s preflight answer allows only <code>Content-Type</code>, not{' '}
      <code>{CORS_UNLISTED_REQUEST_HEADER}</code>.
    </>
  ),
  credentials: (
    <>
      The server answers <code>Access-Control-Allow-Origin: *</code> and says nothing of credentials.
    </>
  ),
  expose: (
    <>
      The server sends <code>{CORS_EXPOSED_RESPONSE_HEADER}</code> and <code>{CORS_UNEXPOSED_RESPONSE_HEADER}</code>,
      and exposes only <code>{CORS_EXPOSED_RESPONSE_HEADER}</code> (<code>Access-Control-Expose-Headers</code>).
    </>
  ),
};

/** The rule that decided, one sentence each, citing the Fetch standard. */
export const CASE_DECISIONS: Readonly<Record<CorsCase, ReactNode>> = {
  simple: (
    <>
      <code>GET</code> is a <Fetch anchor="cors-safelisted-method">CORS-safelisted method</Fetch> and the request
      carries no other header, so no preflight went first; the answer passed the{' '}
      <Fetch anchor="cors-check">CORS check</Fetch> because <code>Access-Control-Allow-Origin</code> is this page&apos;s
      origin.
    </>
  ),
  json: (
    <>
      <code>application/json</code> is not a value that makes <code>Content-Type</code> a{' '}
      <Fetch anchor="cors-safelisted-request-header">CORS-safelisted request-header</Fetch>, so the browser made a{' '}
      <Fetch anchor="cors-preflight-fetch">CORS-preflight fetch</Fetch> first; its answer listed <code>POST</code> and{' '}
      <code>Content-Type</code>, so the <code>POST</code> followed.
    </>
  ),
  method: (
    <>
      <code>{CORS_UNLISTED_METHOD}</code> is not a <Fetch anchor="cors-safelisted-method">CORS-safelisted method</Fetch>{' '}
      and the preflight&apos;s <code>Access-Control-Allow-Methods</code> does not contain it, so the{' '}
      <Fetch anchor="cors-preflight-fetch">CORS-preflight fetch</Fetch> returned a network error: the{' '}
      <code>{CORS_UNLISTED_METHOD}</code> was never sent.
    </>
  ),
  header: (
    <>
      <code>{CORS_UNLISTED_REQUEST_HEADER}</code> is one of the{' '}
      <Fetch anchor="cors-unsafe-request-header-names">CORS-unsafe request-header names</Fetch> the preflight asked
      about, and <code>Access-Control-Allow-Headers</code> does not list it, so the{' '}
      <Fetch anchor="cors-preflight-fetch">CORS-preflight fetch</Fetch> returned a network error: the <code>GET</code>{' '}
      was never sent.
    </>
  ),
  credentials: (
    <>
      The request went out and the server answered 200, but the <Fetch anchor="cors-check">CORS check</Fetch> fails a
      request whose credentials mode is <code>include</code> unless <code>Access-Control-Allow-Origin</code> names the
      page&apos;s origin (not <code>*</code>) and <code>Access-Control-Allow-Credentials</code> is <code>true</code>.
    </>
  ),
  expose: (
    <>
      A cross-origin answer reaches script as a{' '}
      <Fetch anchor="concept-filtered-response-cors">CORS filtered response</Fetch>, which keeps only the{' '}
      <Fetch anchor="cors-safelisted-response-header-name">CORS-safelisted response-header names</Fetch> and those in{' '}
      <code>Access-Control-Expose-Headers</code>: the server sent <code>{CORS_UNEXPOSED_RESPONSE_HEADER}</code>, and{' '}
      <code>headers.get()</code> still gives <code>null</code>.
    </>
  ),
};
