/**
 * A run as the two files a reader can download: a HAR 1.2 log (`buildHar`) and a shell script that replays its
 * requests (`buildScript`). A committed recording was made against another address of the demo server (the record
 * script's); its exchanges are moved onto this page's demo server first, so the script replays against the server
 * this page uses, and the HAR names it.
 */
import type {Recording, WireEntry} from './format.ts';
import {buildHar} from './har.ts';
import {buildScript} from './script.ts';

/** http(s) origin of a URL whose scheme may be ws(s). */
function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol.replace(/^ws/, 'http')}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** The exchanges with every URL on the one origin they share moved to `serverUrl` (unchanged if they share none). */
export function rebaseWire(wire: readonly WireEntry[], serverUrl: string): WireEntry[] {
  const origins = new Set(wire.map((entry) => httpOrigin(entry.url)));
  const [recorded] = origins;
  const target = new URL(serverUrl);
  const targetHttp = `${target.origin}${target.pathname.replace(/\/+$/, '')}`;
  if (origins.size !== 1 || recorded === null || recorded === undefined || recorded === target.origin) return [...wire];
  const move = (url: string): string => {
    const parsed = new URL(url);
    const secure = target.protocol === 'https:';
    const scheme = parsed.protocol.startsWith('ws') ? (secure ? 'wss:' : 'ws:') : target.protocol;
    const rest = `${parsed.pathname}${parsed.search}`;
    return `${scheme}//${targetHttp.slice(target.protocol.length + 2)}${rest}`;
  };
  return wire.map((entry) => ({...entry, url: move(entry.url)}));
}

export interface ExportedRun {
  /** File name without extension: over-the-wire-<demo>-<date and time of the run>. */
  baseName: string;
  har: string;
  script: string;
}

export function exportRun(
  recording: Recording,
  page: {title: string; url: string; origin: string; serverUrl: string; siteVersion: string},
): ExportedRun {
  const wire = rebaseWire(recording.wire, page.serverUrl);
  const har = buildHar({
    demo: recording.demo,
    title: page.title,
    pageUrl: page.url,
    startedAt: recording.startedAt,
    wire,
    creator: {name: 'Over the Wire', version: page.siteVersion},
  });
  const script = buildScript({demo: recording.demo, serverUrl: page.serverUrl, wire, pageOrigin: page.origin});
  const stamp = new Date(recording.startedAt).toISOString().slice(0, 19).replaceAll(':', '-');
  return {baseName: `over-the-wire-${recording.demo}-${stamp}`, har: `${JSON.stringify(har, null, 2)}\n`, script};
}
