/**
 * The FTP demo's files: a fixed list (FTP_VS_HTTP_FILES) read once from
 * `demo-server/ftp-files/` at start. Both the FTP server and `GET /files/…`
 * look names up in this map and nowhere else, so no request can name a path
 * on disk.
 */
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {FTP_VS_HTTP_FILES, type FtpVsHttpFile} from '../contract/ftpVsHttp.ts';

export interface DemoFile {
  name: FtpVsHttpFile;
  bytes: Buffer;
  contentType: string;
  /** A strong validator for HTTP (RFC 9110 §8.8.3): the start of the SHA-256, base64url. */
  etag: string;
}

export type DemoFiles = ReadonlyMap<string, DemoFile>;

const FOLDER = new URL('../../ftp-files/', import.meta.url);

function contentTypeOf(name: string): string {
  return name.endsWith('.png') ? 'image/png' : 'text/plain; charset=utf-8';
}

/** Reads every listed file; throws if one is missing (a broken checkout should fail at start, not per request). */
export function loadDemoFiles(): DemoFiles {
  const files = new Map<string, DemoFile>();
  for (const name of FTP_VS_HTTP_FILES) {
    const bytes = readFileSync(new URL(name, FOLDER));
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
    files.set(name, {name, bytes, contentType: contentTypeOf(name), etag});
  }
  return files;
}

/** The file a client named, or undefined: an exact match against the list, never a path. */
export function findDemoFile(files: DemoFiles, requested: string): DemoFile | undefined {
  // A client may say "/welcome.txt" (the only directory is /); nothing else is stripped.
  const name = requested.startsWith('/') ? requested.slice(1) : requested;
  return files.get(name);
}
