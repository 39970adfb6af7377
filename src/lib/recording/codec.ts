/**
 * A demo's view, as data: `encodeView` turns what a state hook returned into JSON (functions dropped, typed arrays,
 * `undefined`, non-finite numbers, Maps, Sets and Dates tagged), `decodeView` turns it back, and `diffView` /
 * `applyOps` carry one view to the next as a few small operations, so a recording stores each change, not each state.
 */
import type {Encoded, ViewOp} from './format.ts';

/** The tag key of a value JSON cannot hold as itself. A plain object with this key is tagged too ("obj"). */
const TAG = '$';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export {fromBase64, toBase64};

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The view as JSON. Functions (the hook's actions) are left out: a replay puts inert ones in their place. An object
 * that is neither plain nor one of the known kinds (an Error, an event, a socket) keeps its own enumerable data
 * fields, and an Error its message, so nothing a component reads of it is lost, but nothing live is kept.
 */
export function encodeView(value: unknown, seen: Set<object> = new Set()): Encoded | undefined {
  switch (typeof value) {
    case 'function':
    case 'symbol':
      return undefined;
    case 'undefined':
      return {[TAG]: 'undef'};
    case 'bigint':
      return {[TAG]: 'big', v: value.toString()};
    case 'number':
      if (Object.is(value, -0)) return {[TAG]: 'num', v: '-0'};
      return Number.isFinite(value) ? value : {[TAG]: 'num', v: String(value)};
    case 'string':
    case 'boolean':
      return value;
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return {[TAG]: 'cycle'};
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.map((item) => encodeView(item, seen) ?? null);
    if (object instanceof Uint8Array) return {[TAG]: 'u8', v: toBase64(object)};
    if (object instanceof ArrayBuffer) return {[TAG]: 'ab', v: toBase64(new Uint8Array(object))};
    if (ArrayBuffer.isView(object)) {
      return {[TAG]: 'u8', v: toBase64(new Uint8Array(object.buffer, object.byteOffset, object.byteLength))};
    }
    if (object instanceof Date) return {[TAG]: 'date', v: object.getTime()};
    if (object instanceof Map) {
      return {[TAG]: 'map', v: [...object].map(([k, v]) => [encodeView(k, seen) ?? null, encodeView(v, seen) ?? null])};
    }
    if (object instanceof Set) return {[TAG]: 'set', v: [...object].map((item) => encodeView(item, seen) ?? null)};
    const fields: {[key: string]: Encoded} = {};
    for (const [key, field] of Object.entries(object)) {
      const encoded = encodeView(field, seen);
      if (encoded !== undefined) fields[key] = encoded;
    }
    if (object instanceof Error && fields.message === undefined) fields.message = object.message;
    if (TAG in fields && isPlainObject(object)) return {[TAG]: 'obj', v: fields};
    return fields;
  } finally {
    seen.delete(object);
  }
}

/** The inverse of `encodeView` (functions excepted). */
export function decodeView(encoded: Encoded): unknown {
  if (encoded === null || typeof encoded !== 'object') return encoded;
  if (Array.isArray(encoded)) return encoded.map(decodeView);
  const tag = encoded[TAG];
  if (typeof tag === 'string') {
    const v = encoded.v;
    switch (tag) {
      case 'undef':
        return undefined;
      case 'big':
        return BigInt(v as string);
      case 'num':
        return Number(v);
      case 'u8':
        return fromBase64(v as string);
      case 'ab':
        return fromBase64(v as string).buffer;
      case 'date':
        return new Date(v as number);
      case 'map':
        return new Map((v as Encoded[][]).map(([k, value]) => [decodeView(k ?? null), decodeView(value ?? null)]));
      case 'set':
        return new Set((v as Encoded[]).map(decodeView));
      case 'cycle':
        return null;
      case 'obj':
        return decodeObject(v as {[key: string]: Encoded});
      default:
        break;
    }
  }
  return decodeObject(encoded);
}

function decodeObject(encoded: {[key: string]: Encoded}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(encoded)) out[key] = decodeView(field);
  return out;
}

function isTagged(value: {[key: string]: Encoded}): boolean {
  return typeof value[TAG] === 'string';
}

function sameEncoded(a: Encoded | undefined, b: Encoded | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameEncoded(a[i], b[i])) return false;
    return true;
  }
  const ao = a as {[key: string]: Encoded};
  const bo = b as {[key: string]: Encoded};
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  for (const key of keys) if (!(key in bo) || !sameEncoded(ao[key], bo[key])) return false;
  return true;
}

/**
 * The operations that turn `from` into `to`: objects compared key by key, an array that only grew at its end
 * becomes one `append`, a tagged value or anything else that changed is set whole.
 */
export function diffView(from: Encoded, to: Encoded, path: (string | number)[] = [], ops: ViewOp[] = []): ViewOp[] {
  if (sameEncoded(from, to)) return ops;
  if (Array.isArray(from) && Array.isArray(to)) {
    if (to.length >= from.length && from.every((item, i) => sameEncoded(item, to[i]))) {
      ops.push({path, value: to.slice(from.length), append: true});
      return ops;
    }
    if (to.length === from.length) {
      // Same length, some items changed (a row updated in place): one op per changed item.
      const changed = to.filter((item, i) => !sameEncoded(from[i], item)).length;
      if (changed * 2 <= to.length) {
        to.forEach((item, i) => diffView(from[i] ?? null, item, [...path, i], ops));
        return ops;
      }
    }
    ops.push({path, value: to});
    return ops;
  }
  if (
    from !== null &&
    to !== null &&
    typeof from === 'object' &&
    typeof to === 'object' &&
    !Array.isArray(from) &&
    !Array.isArray(to) &&
    !isTagged(from) &&
    !isTagged(to)
  ) {
    for (const key of Object.keys(from)) if (!(key in to)) ops.push({path: [...path, key]});
    for (const [key, value] of Object.entries(to)) {
      const before = from[key];
      if (before === undefined) ops.push({path: [...path, key], value});
      else diffView(before, value, [...path, key], ops);
    }
    return ops;
  }
  ops.push({path, value: to});
  return ops;
}

/** `view` with `ops` applied; `view` itself is not changed (only the objects along each path are copied). */
export function applyOps(view: Encoded, ops: readonly ViewOp[]): Encoded {
  let root = view;
  for (const op of ops) root = applyOp(root, op.path, op, 0);
  return root;
}

function applyOp(node: Encoded, path: (string | number)[], op: ViewOp, depth: number): Encoded {
  if (depth === path.length) {
    if (op.append) {
      const items = Array.isArray(op.value) ? op.value : [];
      return [...(Array.isArray(node) ? node : []), ...items];
    }
    return op.value ?? null;
  }
  const key = path[depth];
  if (Array.isArray(node) && typeof key === 'number') {
    const copy = [...node];
    copy[key] = applyOp(node[key] ?? null, path, op, depth + 1);
    return copy;
  }
  const object: {[key: string]: Encoded} =
    node !== null && typeof node === 'object' && !Array.isArray(node) ? node : {};
  const copy = {...object};
  const name = String(key);
  if (depth === path.length - 1 && !('value' in op) && !op.append) {
    return Object.fromEntries(Object.entries(object).filter(([field]) => field !== name));
  }
  copy[name] = applyOp(object[name] ?? null, path, op, depth + 1);
  return copy;
}
