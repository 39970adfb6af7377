/**
 * The REST Playground's state: a request the reader composes, sent with
 * fetch to the demo server's API; then the request as the server recorded it
 * (Recorded-Request) beside the response as the page received it, and the
 * time it took. A sandbox of the reader's own is created on first use, and
 * the presets fill in its links.
 */
import {useCallback, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {RecordedRequest, SandboxRepresentation} from '../../../demo-server/src/contract/rest.ts';
import {readJson, requireJson} from '../../lib/readJson.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import {PRESETS} from './presets.ts';

export interface Draft {
  method: string;
  path: string;
  /** One `Name: value` per line. */
  headers: string;
  body: string;
}

export interface Exchange {
  sent: Draft;
  durationMs: number;
  status: number;
  statusText: string;
  /** The response headers the browser lets a page read, in the order it gives them. */
  headers: [string, string][];
  body: string;
  recorded: RecordedRequest | null;
  error: string | null;
}

export interface Links {
  sandbox: string;
  notes: string;
  note: string;
}

/** Parses `Name: value` lines; returns the pairs and the lines that are not headers. */
export function parseHeaders(text: string): {pairs: [string, string][]; invalid: string[]} {
  const pairs: [string, string][] = [];
  const invalid: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(line.trim());
    if (match?.[1] === undefined) invalid.push(line);
    else pairs.push([match[1], match[2] ?? '']);
  }
  return {pairs, invalid};
}

export interface RestPlayground {
  connection: ServerStatus['connection'];
  live: boolean;
  /** The request the reader is composing. */
  draft: Draft;
  setDraft: (draft: Draft) => void;
  /** What to watch for in the answer to the preset chosen last; null before any. */
  presetNote: string | null;
  /** Why the chosen preset could not be filled in (the sandbox could not be created). */
  presetError: string | null;
  /** Fills the draft with preset number `index`, creating the reader's sandbox first if needed. */
  applyPreset: (index: number) => Promise<void>;
  /** The reader's sandbox, once created. */
  links: Links | null;
  /** The last request sent and what came back. */
  exchange: Exchange | null;
  /** A request is under way. */
  busy: boolean;
  /** Sends the draft as it is now. */
  send: () => Promise<void>;
}

export function useRestPlayground(): RestPlayground {
  const {serverUrl, connection} = useServerStatus();
  const [draft, setDraft] = useState<Draft>({
    method: 'GET',
    path: '/api',
    headers: 'Accept: application/json',
    body: '',
  });
  const [presetNote, setPresetNote] = useState<string | null>(null);
  const [presetError, setPresetError] = useState<string | null>(null);
  const [links, setLinks] = useState<Links | null>(null);
  const [exchange, setExchange] = useState<Exchange | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastEtag, setLastEtag] = useState<string | null>(null);
  const pendingSandbox = useRef<Promise<Links> | null>(null);

  const ensureSandbox = useCallback((): Promise<Links> => {
    pendingSandbox.current ??= (async () => {
      const response = await fetch(httpUrl(serverUrl, `${ENDPOINTS.api}/sandboxes`), {method: 'POST'});
      if (!response.ok) throw new Error(`Could not create a sandbox: HTTP ${response.status}`);
      const sandbox = await requireJson(response, SandboxRepresentation, 'Creating a sandbox');
      const made = {
        sandbox: sandbox._links.self.href,
        notes: sandbox._links.notes.href,
        note: `${sandbox._links.notes.href}/1`,
      };
      setLinks(made);
      return made;
    })().catch((error: unknown) => {
      pendingSandbox.current = null;
      throw error;
    });
    return pendingSandbox.current;
  }, [serverUrl]);

  const send = useCallback(
    async (draft: Draft) => {
      setBusy(true);
      const {pairs, invalid} = parseHeaders(draft.headers);
      const sent = {...draft};
      try {
        if (invalid.length > 0) throw new Error(`Not a header line: ${invalid.join(' | ')}`);
        const withBody = !['GET', 'HEAD'].includes(draft.method) && draft.body !== '';
        const started = performance.now();
        const response = await fetch(httpUrl(serverUrl, draft.path), {
          method: draft.method,
          headers: pairs,
          body: withBody ? draft.body : undefined,
          cache: 'no-store',
        });
        const body = await response.text();
        const durationMs = performance.now() - started;
        const etag = response.headers.get('ETag');
        if (etag !== null) setLastEtag(etag);
        const recordedAt = response.headers.get('Recorded-Request');
        let recorded: RecordedRequest | null = null;
        if (recordedAt !== null) {
          const record = await fetch(httpUrl(serverUrl, recordedAt), {cache: 'no-store'});
          if (record.ok) recorded = await readJson(record, RecordedRequest);
        }
        setExchange({
          sent,
          durationMs,
          status: response.status,
          statusText: response.statusText,
          headers: [...response.headers.entries()],
          body,
          recorded,
          error: null,
        });
      } catch (error) {
        setExchange({
          sent,
          durationMs: 0,
          status: 0,
          statusText: '',
          headers: [],
          body: '',
          recorded: null,
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        setBusy(false);
      }
    },
    [serverUrl],
  );

  const applyPreset = async (index: number) => {
    const preset = PRESETS[index];
    if (preset === undefined) return;
    setPresetError(null);
    try {
      const mine = links ?? (await ensureSandbox());
      setDraft(preset.draft(mine, lastEtag));
      setPresetNote(preset.expect);
    } catch (error) {
      setPresetError(error instanceof Error ? error.message : String(error));
    }
  };

  return {
    connection,
    live: connection.state.status === 'live',
    draft,
    setDraft,
    presetNote,
    presetError,
    applyPreset,
    links,
    exchange,
    busy,
    send: () => send(draft),
  };
}
