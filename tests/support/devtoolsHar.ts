/**
 * What Chromium's DevTools requires of a HAR it imports, as a check a test can run without DevTools.
 *
 * Ported from devtools-frontend (https://github.com/ChromeDevTools/devtools-frontend), at commit
 * 35f5a01d816a1535866303da2b6d037677ef30b2:
 * - `front_end/models/har/HARFormat.ts`: the constructors `HARRoot`, `HARLog`, `HARCreator`, `HARPage`,
 *   `HARPageTimings`, `HAREntry`, `HARRequest`, `HARResponse`, `HARCookie`, `HARHeader`, `HARQueryString`,
 *   `HARPostData`, `HARParam`, `HARContent`, `HARTimings` and `HARWebSocketMessage`, each of which throws when its
 *   argument is not an object, when a required date does not parse (`safeDate`) or when a required number is NaN
 *   (`safeNumber`: `Number(value)`, so a missing field is NaN too); an optional number throws only when present and
 *   NaN (`optionalNumber`). Strings are cast with `String()` and never throw; arrays that are not arrays become [].
 * - `front_end/models/har/Importer.ts`, `fillRequestFromHAREntry`: the `_webSocketMessages` it keeps (a message with
 *   no `time`, no `opcode`, no `data`, or a `type` that is not a `WebSocketFrameType` value is skipped), and
 *   `getResourceType`: `_resourceType` names a `Common.ResourceType` (`front_end/core/common/ResourceType.ts`).
 *
 * The checks are written here in this project's own code; the messages name the DevTools class that would throw.
 */

export class DevToolsHarError extends Error {}

/** `SDK.NetworkRequest.WebSocketFrameType`. */
const WEB_SOCKET_FRAME_TYPES = ['send', 'receive', 'error'];

/** Names of `Common.ResourceType.resourceTypes` that a demo's exchange can be (`ResourceType.ts`). */
export const DEVTOOLS_RESOURCE_TYPES = ['xhr', 'fetch', 'eventsource', 'websocket', 'document', 'other'];

/** One WebSocket frame as DevTools' importer adds it to the request (`request.addFrame`). */
export interface ImportedFrame {
  type: string;
  time: number;
  opCode: number;
  text: string;
  mask: boolean;
}

export interface ImportedEntry {
  resourceType: string | undefined;
  frames: ImportedFrame[] | undefined;
}

type Fields = Record<string, unknown>;

function object(value: unknown, where: string): Fields {
  // HARBase: `if (!data || typeof data !== 'object') throw 'First parameter is expected to be an object'`.
  if (!value || typeof value !== 'object') throw new DevToolsHarError(`${where}: expected an object`);
  return value as Fields;
}

function safeDate(value: unknown, where: string): Date {
  const date = new Date(value as string);
  if (Number.isNaN(date.getTime())) throw new DevToolsHarError(`${where}: invalid date format`);
  return date;
}

function safeNumber(value: unknown, where: string): number {
  const number = Number(value);
  if (Number.isNaN(number)) throw new DevToolsHarError(`${where}: casting to number results in NaN`);
  return number;
}

function optionalNumber(value: unknown, where: string): number | undefined {
  return value === undefined ? undefined : safeNumber(value, where);
}

/** `String(value)`, as DevTools casts every string field, whatever it holds. */
function cast(value: unknown): string {
  return String(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function nameValue(value: unknown, where: string): void {
  object(value, where); // HARHeader, HARQueryString, HARParam: name and value are cast with String().
}

function cookie(value: unknown, where: string): void {
  const data = object(value, where);
  if (data.expires) safeDate(data.expires, `${where}.expires`);
}

function request(value: unknown, where: string): void {
  const data = object(value, where);
  list(data.cookies).forEach((item, i) => cookie(item, `${where}.cookies[${i}]`));
  list(data.headers).forEach((item, i) => nameValue(item, `${where}.headers[${i}]`));
  list(data.queryString).forEach((item, i) => nameValue(item, `${where}.queryString[${i}]`));
  if (data.postData) {
    const postData = object(data.postData, `${where}.postData`);
    list(postData.params).forEach((item, i) => nameValue(item, `${where}.postData.params[${i}]`));
  }
  safeNumber(data.headersSize, `${where}.headersSize`);
  safeNumber(data.bodySize, `${where}.bodySize`);
}

function response(value: unknown, where: string): void {
  const data = object(value, where);
  safeNumber(data.status, `${where}.status`);
  list(data.cookies).forEach((item, i) => cookie(item, `${where}.cookies[${i}]`));
  list(data.headers).forEach((item, i) => nameValue(item, `${where}.headers[${i}]`));
  const content = object(data.content, `${where}.content`);
  safeNumber(content.size, `${where}.content.size`);
  optionalNumber(content.compression, `${where}.content.compression`);
  safeNumber(data.headersSize, `${where}.headersSize`);
  safeNumber(data.bodySize, `${where}.bodySize`);
  optionalNumber(data._transferSize, `${where}._transferSize`);
}

function timings(value: unknown, where: string): void {
  const data = object(value, where);
  for (const name of ['blocked', 'dns', 'connect', 'ssl', '_blocked_queueing', '_blocked_proxy']) {
    optionalNumber(data[name], `${where}.${name}`);
  }
  for (const name of ['send', 'wait', 'receive']) safeNumber(data[name], `${where}.${name}`);
}

/** `HAREntry.importWebSocketMessages`, then the filter of `Importer.fillRequestFromHAREntry`. */
function webSocketFrames(value: unknown, where: string): ImportedFrame[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const messages: Fields[] = [];
  for (const [i, message] of value.entries()) {
    // A message that is not an object makes the importer drop them all.
    if (typeof message !== 'object') return undefined;
    const data = object(message, `${where}[${i}]`);
    optionalNumber(data.time, `${where}[${i}].time`);
    optionalNumber(data.opcode, `${where}[${i}].opcode`);
    messages.push(data);
  }
  const frames: ImportedFrame[] = [];
  for (const message of messages) {
    if (message.time === undefined || message.opcode === undefined || message.data === undefined) continue;
    const type = message.type === undefined ? undefined : cast(message.type);
    if (type === undefined || !WEB_SOCKET_FRAME_TYPES.includes(type)) continue;
    frames.push({
      type,
      time: Number(message.time),
      opCode: Number(message.opcode),
      text: cast(message.data),
      mask: type === 'send',
    });
  }
  return frames;
}

/**
 * Reads a HAR as DevTools' `HARRoot` constructor and importer do; throws a DevToolsHarError where DevTools would
 * throw. Returns, per entry, the resource type and the WebSocket frames DevTools would show.
 */
export function importAsDevTools(har: unknown): ImportedEntry[] {
  const root = object(har, 'HARRoot');
  const log = object(root.log, 'HARLog');
  object(log.creator, 'HARCreator');
  if (log.browser) object(log.browser, 'HARLog.browser');
  list(log.pages).forEach((item, i) => {
    const page = object(item, `HARPage[${i}]`);
    safeDate(page.startedDateTime, `HARPage[${i}].startedDateTime`);
    const pageTimings = object(page.pageTimings, `HARPage[${i}].pageTimings`);
    optionalNumber(pageTimings.onContentLoad, `HARPage[${i}].pageTimings.onContentLoad`);
    optionalNumber(pageTimings.onLoad, `HARPage[${i}].pageTimings.onLoad`);
  });
  if (!Array.isArray(log.entries)) throw new DevToolsHarError('HARLog: log.entries is expected to be an array');
  return log.entries.map((item: unknown, i) => {
    const where = `HAREntry[${i}]`;
    const entry = object(item, where);
    safeDate(entry.startedDateTime, `${where}.startedDateTime`);
    safeNumber(entry.time, `${where}.time`);
    request(entry.request, `${where}.request`);
    response(entry.response, `${where}.response`);
    timings(entry.timings, `${where}.timings`);
    const resourceType = entry._resourceType === undefined ? undefined : cast(entry._resourceType);
    return {resourceType, frames: webSocketFrames(entry._webSocketMessages, `${where}._webSocketMessages`)};
  });
}
