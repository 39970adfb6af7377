/**
 * `GET /files/{name}`: the FTP demo's files again, over HTTP, so a page can
 * compare the two protocols fetching the same bytes. Names come from the
 * fixed list only; a strong ETag lets a client revalidate (RFC 9110 §8.8.3,
 * §13.1.2).
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {FTP_VS_HTTP_FILES} from '../contract/ftpVsHttp.ts';
import {findDemoFile, type DemoFiles} from '../ftp/files.ts';
import {pathOf, sendProblem} from '../http.ts';

const ALLOW = 'GET, HEAD, OPTIONS';

export function filesRoute(files: DemoFiles): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const name = decodeName(pathOf(req.url).slice(ENDPOINTS.files.length + 1));
    const file = name === null ? undefined : findDemoFile(files, name);
    if (file === undefined) {
      return sendProblem(res, 404, `No such file; ${ENDPOINTS.files}/ serves ${FTP_VS_HTTP_FILES.join(', ')}`);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {Allow: ALLOW, 'Access-Control-Allow-Methods': ALLOW, 'Access-Control-Max-Age': '600'});
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendProblem(res, 405, `${ENDPOINTS.files}/${file.name} allows ${ALLOW}, not ${req.method}`, {
        Allow: ALLOW,
      });
    }
    const headers = {
      'Content-Type': file.contentType,
      'Cache-Control': 'public, max-age=300',
      ETag: file.etag,
      'Access-Control-Expose-Headers': 'ETag, Content-Length',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, {...headers, 'Content-Length': file.bytes.length});
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  };
}

function decodeName(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
