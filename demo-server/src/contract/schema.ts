/**
 * The schema builder every wire shape is written with, once.
 *
 * A schema built here is plain JSON Schema (draft 2020-12, the dialect of
 * OpenAPI 3.1 and of the AsyncAPI documents), published as it is. Its
 * TypeScript type comes from the builder (`Infer<typeof Shape>`), and its
 * runtime check is `check()`, which walks the JSON Schema itself and says in
 * plain words what is wrong with a value. One definition, three uses, nothing
 * to keep in step by hand.
 *
 * Why not a library (TypeBox, valibot, zod): CONTRIBUTING.md, "Wire shapes",
 * has the measurements. In short: the same shapes cost a demo page 2.6 KiB
 * (valibot), 8.3 KiB (zod mini) or 39 KiB (TypeBox's Value) of gzipped
 * script; none says what a reader did wrong the way the API already did
 * ("each tag must be 1 to 30 lower-case letters, digits or "-"; got 7"); and
 * each needs a converter to give the JSON Schema the documents publish.
 *
 * Imports nothing: the site bundles it. The checking functions below (from
 * `describeValue` to `problemsOf`) use no imports and no module state either,
 * because the server also ships their source to browsers as code on demand
 * (`routes/code.ts`).
 */

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
export type JsonSchema = {[key: string]: Json};

/** A JSON Schema that also carries, for the compiler only, the type of the values it accepts. */
export interface Schema<T> {
  readonly json: JsonSchema;
  /** Never set: it only lets `Infer` read the type back. */
  readonly type?: T;
}

/** A member of an object that may be absent. */
export interface Optional<T> extends Schema<T> {
  readonly optional: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Documentation a schema carries into the published documents (and into messages: see `check`). */
export interface Meta {
  /** What the value is: shown in the API reference. */
  description?: string;
  /** A one-word noun for one such value ("tag", "event"), used in messages about arrays of them. */
  title?: string;
}

function make<T>(json: JsonSchema, meta: Meta = {}): Schema<T> {
  return {
    json: {
      ...json,
      ...(meta.title ? {title: meta.title} : {}),
      ...(meta.description ? {description: meta.description} : {}),
    },
  };
}

export function string(
  options: Meta & {minLength?: number; maxLength?: number; pattern?: string; format?: 'date-time'} = {},
): Schema<string> {
  const {minLength, maxLength, pattern, format, ...meta} = options;
  return make(
    {
      type: 'string',
      ...(format !== undefined ? {format} : {}),
      ...(minLength !== undefined ? {minLength} : {}),
      ...(maxLength !== undefined ? {maxLength} : {}),
      ...(pattern !== undefined ? {pattern} : {}),
    },
    meta,
  );
}

export function number(options: Meta & {minimum?: number; maximum?: number} = {}): Schema<number> {
  const {minimum, maximum, ...meta} = options;
  return make(
    {type: 'number', ...(minimum !== undefined ? {minimum} : {}), ...(maximum !== undefined ? {maximum} : {})},
    meta,
  );
}

/** A whole number (JSON Schema's `integer`). */
export function integer(options: Meta & {minimum?: number; maximum?: number} = {}): Schema<number> {
  const {minimum, maximum, ...meta} = options;
  return make(
    {type: 'integer', ...(minimum !== undefined ? {minimum} : {}), ...(maximum !== undefined ? {maximum} : {})},
    meta,
  );
}

export function boolean(meta?: Meta): Schema<boolean> {
  return make({type: 'boolean'}, meta);
}

/** Exactly this value. */
export function literal<const V extends string | number | boolean>(value: V, meta?: Meta): Schema<V> {
  return make({const: value}, meta);
}

/** One of these values. */
export function oneOf<const V extends readonly (string | number)[]>(values: V, meta?: Meta): Schema<V[number]> {
  return make({enum: [...values]}, meta);
}

/** Any JSON value at all. */
export function anyJson(meta?: Meta): Schema<unknown> {
  return make({}, meta);
}

export function nullable<T>(schema: Schema<T>, meta?: Meta): Schema<T | null> {
  return make({anyOf: [schema.json, {type: 'null'}]}, meta);
}

export function optional<T>(schema: Schema<T>): Optional<T> {
  return {json: schema.json, optional: true};
}

export function array<T>(items: Schema<T>, options: Meta & {minItems?: number; maxItems?: number} = {}): Schema<T[]> {
  const {minItems, maxItems, ...meta} = options;
  return make(
    {
      type: 'array',
      items: items.json,
      ...(minItems !== undefined ? {minItems} : {}),
      ...(maxItems !== undefined ? {maxItems} : {}),
    },
    meta,
  );
}

/** An array of exactly these members, in this order. */
export function tuple<const S extends readonly Schema<unknown>[]>(
  members: S,
  meta?: Meta,
): Schema<{-readonly [K in keyof S]: Infer<S[K]>}> {
  return make(
    {type: 'array', prefixItems: members.map((member) => member.json), items: false, minItems: members.length},
    meta,
  );
}

type Shape = Record<string, Schema<unknown>>;
type Flatten<T> = {[K in keyof T]: T[K]} & {};
type ObjectOf<P extends Shape> = Flatten<
  {-readonly [K in keyof P as P[K] extends Optional<unknown> ? never : K]: Infer<P[K]>} & {
    -readonly [K in keyof P as P[K] extends Optional<unknown> ? K : never]?: Infer<P[K]>;
  }
>;

/**
 * An object with exactly these members (`additionalProperties: false`): the
 * published schema describes every field, and a field added in code but not
 * here fails the schema test.
 */
export function object<const P extends Shape>(properties: P, meta?: Meta): Schema<ObjectOf<P>> {
  const names = Object.keys(properties);
  const required = names.filter((name) => !('optional' in (properties[name] as object)));
  return make(
    {
      type: 'object',
      properties: Object.fromEntries(names.map((name) => [name, (properties[name] as Schema<unknown>).json])),
      required,
      additionalProperties: false,
    },
    meta,
  );
}

/** An object used as a map: any member names (matching `names.pattern`, if given), each value of one schema. */
export function record<T>(
  values: Schema<T>,
  options: Meta & {names?: {pattern: string; description: string}; maxProperties?: number} = {},
): Schema<Record<string, T>> {
  const {names, maxProperties, ...meta} = options;
  return make(
    {
      type: 'object',
      additionalProperties: values.json,
      ...(names !== undefined ? {propertyNames: {pattern: names.pattern, description: names.description}} : {}),
      ...(maxProperties !== undefined ? {maxProperties} : {}),
    },
    meta,
  );
}

/**
 * One of several shapes. When every member is an object with a `const`
 * member of the same name (`type`, say), that member decides which shape
 * the value is checked against, and messages name the shape's own problems.
 */
export function union<const S extends readonly Schema<unknown>[]>(members: S, meta?: Meta): Schema<Infer<S[number]>> {
  return make({oneOf: members.map((member) => member.json)}, meta);
}

/** The outcome of a check: the value, typed, or every problem found in it. */
export type Checked<T> = {ok: true; value: T} | {ok: false; problems: string[]};

export interface CheckOptions {
  /** How the value as a whole is named in a message ("The body", "The message"). */
  name?: string;
  /**
   * What to do with members a closed object does not define: `reject` (the
   * default, for what a client sends) or `ignore` (for what a newer server may
   * send to an older page).
   */
  extraMembers?: 'reject' | 'ignore';
}

/** Checks `value` against `schema`: the value itself when it fits, otherwise every problem in words. */
export function check<T>(schema: Schema<T>, value: unknown, options: CheckOptions = {}): Checked<T> {
  const problems: string[] = [];
  problemsOf(schema.json, value, [], options.name ?? 'The value', options.extraMembers === 'ignore', problems);
  // The walk above has checked `value` against the JSON Schema that `T` was built from.
  return problems.length === 0 ? {ok: true, value: value as T} : {ok: false, problems};
}

/** Parses a JSON text and checks it; null when it is not JSON or does not fit (received data: extra members ignored). */
export function parseJson<T>(schema: Schema<T>, text: string): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const checked = check(schema, value, {extraMembers: 'ignore'});
  return checked.ok ? checked.value : null;
}

/** True when `value` fits `schema` (extra members ignored): for data the page received. */
export function fits<T>(schema: Schema<T>, value: unknown): value is T {
  return check(schema, value, {extraMembers: 'ignore'}).ok;
}

// --- The checker: self-contained functions (shipped as code on demand) -----

/**
 * A value a client sent, described in a few words for a message: a string
 * by its (shortened) text, anything else by its kind. Never repeated whole,
 * never walked: it may be long, or nested deep.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** "a", "b" and "c". */
function listInWords(items: string[], last = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1) ?? ''}`;
}

/** The plural noun for values of this schema ("tags", "strings", "values"). */
function pluralOf(schema: JsonSchema | boolean | undefined): string {
  if (typeof schema !== 'object') return 'values';
  if (typeof schema.title === 'string') return `${schema.title}s`;
  const nouns: Record<string, string> = {
    string: 'strings',
    integer: 'whole numbers',
    number: 'numbers',
    boolean: 'booleans',
    object: 'objects',
    array: 'arrays',
  };
  return typeof schema.type === 'string' ? (nouns[schema.type] ?? 'values') : 'values';
}

/** "from 1 to 100", "of at least 0", or nothing. */
function rangeInWords(schema: JsonSchema): string {
  const {minimum, maximum} = schema;
  if (typeof minimum === 'number' && typeof maximum === 'number') return ` from ${minimum} to ${maximum}`;
  if (typeof minimum === 'number') return ` of at least ${minimum}`;
  if (typeof maximum === 'number') return ` of at most ${maximum}`;
  return '';
}

/** What a value of this schema must be, as the end of "… must be ___". */
function expectedOf(schema: JsonSchema | boolean): string {
  if (typeof schema === 'boolean') return schema ? 'any value' : 'absent';
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum))
    return `one of ${listInWords(
      schema.enum.map((v) => JSON.stringify(v)),
      'or',
    )}`;
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[];
    return listInWords(
      members.map((member) => expectedOf(member)),
      'or',
    );
  }
  const {type} = schema;
  if (type === 'string') {
    if (typeof schema.pattern === 'string') {
      return typeof schema.description === 'string' ? schema.description : `a string matching /${schema.pattern}/`;
    }
    return typeof schema.minLength === 'number' && schema.minLength > 0 ? 'a non-empty string' : 'a string';
  }
  if (type === 'integer') return `a whole number${rangeInWords(schema)}`;
  if (type === 'number') return `a number${rangeInWords(schema)}`;
  if (type === 'boolean') return 'true or false';
  if (type === 'null') return 'null';
  if (type === 'array') {
    if (Array.isArray(schema.prefixItems)) return `an array of ${schema.prefixItems.length} items`;
    return `an array of ${pluralOf(schema.items as JsonSchema)}`;
  }
  if (type === 'object') {
    const required = Array.isArray(schema.required) ? schema.required.map((name) => JSON.stringify(name)) : [];
    return required.length > 0 ? `a JSON object with ${listInWords(required)}` : 'a JSON object';
  }
  return 'any value';
}

/** How a place in the value is named: the whole by `name`, a member by its quoted path, an item by its index. */
function whereOf(path: (string | number)[], name: string): string {
  if (path.length === 0) return name;
  let text = '';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  return JSON.stringify(text);
}

/** True when `value` has the JSON type `type` (`integer` being a number with no fraction). */
function hasType(value: unknown, type: Json): boolean {
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === type;
}

/** Whether `value` fits `schema`, with no messages. */
function fitsSchema(schema: JsonSchema | boolean, value: unknown, ignoreExtra: boolean): boolean {
  const found: string[] = [];
  problemsOf(schema, value, [], '', ignoreExtra, found);
  return found.length === 0;
}

/**
 * Appends to `problems` one sentence for each way `value` breaks `schema`
 * (the JSON Schema keywords the builder writes). An array stops at its first
 * bad item and an object names at most three unknown members, so a hostile
 * value gets a short answer however large it is.
 */
export function problemsOf(
  schema: JsonSchema | boolean,
  value: unknown,
  path: (string | number)[],
  name: string,
  ignoreExtra: boolean,
  problems: string[],
): void {
  const where = whereOf(path, name);
  if (typeof schema === 'boolean') {
    if (!schema) problems.push(`${where} is not allowed`);
    return;
  }
  if ('const' in schema || Array.isArray(schema.enum)) {
    const allowed = 'const' in schema ? [schema.const] : (schema.enum as Json[]);
    if (!allowed.includes(value as Json))
      problems.push(`${where} must be ${expectedOf(schema)}; got ${describeValue(value)}`);
    return;
  }
  if (Array.isArray(schema.anyOf)) {
    if (!schema.anyOf.some((member) => fitsSchema(member as JsonSchema, value, ignoreExtra))) {
      const nonNull = schema.anyOf.filter((member) => (member as JsonSchema).type !== 'null');
      if (value !== null && nonNull.length === 1)
        problemsOf(nonNull[0] as JsonSchema, value, path, name, ignoreExtra, problems);
      else problems.push(`${where} must be ${expectedOf(schema)}; got ${describeValue(value)}`);
    }
    return;
  }
  if (Array.isArray(schema.oneOf)) {
    const members = schema.oneOf as JsonSchema[];
    const first = members[0]?.properties;
    const tag =
      typeof first === 'object' && first !== null && !Array.isArray(first)
        ? Object.keys(first).find((key) =>
            members.every((member, index) => {
              const property = (member.properties as Record<string, JsonSchema> | undefined)?.[key];
              if (property === undefined || !('const' in property)) return false;
              // A member whose value every shape shares (a `type` of "command" in each) decides nothing.
              return (
                members.findIndex(
                  (m) => (m.properties as Record<string, JsonSchema>)[key]?.const === property.const,
                ) === index
              );
            }),
          )
        : undefined;
    if (tag !== undefined && hasType(value, 'object')) {
      const given = (value as Record<string, unknown>)[tag];
      const member = members.find((m) => (m.properties as Record<string, JsonSchema>)[tag]?.const === given);
      if (member) problemsOf(member, value, path, name, ignoreExtra, problems);
      else {
        const tags = members.map((m) => JSON.stringify((m.properties as Record<string, JsonSchema>)[tag]?.const));
        problems.push(
          `${whereOf([...path, tag], name)} must be ${listInWords(tags, 'or')}; got ${describeValue(given)}`,
        );
      }
      return;
    }
    if (members.filter((member) => fitsSchema(member, value, ignoreExtra)).length !== 1) {
      problems.push(`${where} must be ${expectedOf(schema)}; got ${describeValue(value)}`);
    }
    return;
  }
  const {type} = schema;
  if (type !== undefined && !hasType(value, type)) {
    problems.push(`${where} must be ${expectedOf(schema)}; got ${describeValue(value)}`);
    return;
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      problems.push(
        schema.minLength === 1
          ? `${where} must be a non-empty string`
          : `${where} must be at least ${schema.minLength} characters`,
      );
    } else if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      problems.push(`${where} must be at most ${schema.maxLength} characters`);
    } else if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      problems.push(`${where} must be ${expectedOf(schema)}; got ${describeValue(value)}`);
    }
    return;
  }
  if (typeof value === 'number') {
    const {minimum, maximum} = schema;
    if ((typeof minimum === 'number' && value < minimum) || (typeof maximum === 'number' && value > maximum)) {
      problems.push(`${where} must be ${expectedOf(schema)}; got ${describeValue(value)}`);
    }
    return;
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      problems.push(`${where} may hold at most ${schema.maxItems} ${pluralOf(schema.items as JsonSchema)}`);
      return;
    }
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      problems.push(`${where} must be ${expectedOf(schema)}; got ${value.length} items`);
      return;
    }
    const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as JsonSchema[]) : [];
    for (let index = 0; index < value.length; index += 1) {
      const member = index < prefix.length ? prefix[index] : (schema.items as JsonSchema | boolean | undefined);
      if (member === undefined) continue;
      const before = problems.length;
      const items = schema.items as JsonSchema | undefined;
      if (prefix.length === 0 && typeof items?.title === 'string') {
        problemsOf(member, value[index], [], `each ${items.title}`, ignoreExtra, problems);
      } else problemsOf(member, value[index], [...path, index], name, ignoreExtra, problems);
      if (problems.length > before) return;
    }
    return;
  }
  if (hasType(value, 'object')) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const keys = Object.keys(record);
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) {
      problems.push(`${where} may hold at most ${schema.maxProperties} members`);
      return;
    }
    const extra = schema.additionalProperties;
    if (extra === false && !ignoreExtra) {
      const unknown = keys.filter((key) => !Object.hasOwn(properties, key));
      const noun = typeof schema.title === 'string' ? `a ${schema.title}` : path.length === 0 ? 'it' : where;
      const known = Object.keys(properties).join(', ');
      for (const key of unknown.slice(0, 3))
        problems.push(`${describeValue(key)} is not a field of ${noun} (${known})`);
      if (unknown.length > 3) problems.push(`and ${unknown.length - 3} more fields that ${noun} does not have`);
    }
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [key, member] of Object.entries(properties)) {
      if (!Object.hasOwn(record, key)) {
        if (required.includes(key)) problems.push(`${whereOf([...path, key], name)} must be ${expectedOf(member)}`);
      } else problemsOf(member, record[key], [...path, key], name, ignoreExtra, problems);
    }
    if (typeof extra === 'object' && extra !== null) {
      const names = schema.propertyNames as JsonSchema | undefined;
      for (const key of keys) {
        if (Object.hasOwn(properties, key)) continue;
        if (typeof names?.pattern === 'string' && !new RegExp(names.pattern, 'u').test(key)) {
          problems.push(
            `${describeValue(key)} is not ${typeof names.description === 'string' ? names.description : `a name ${where} may hold`}`,
          );
          return;
        }
        const before = problems.length;
        problemsOf(extra as JsonSchema, record[key], [...path, key], name, ignoreExtra, problems);
        if (problems.length > before) return;
      }
    }
  }
}

/**
 * The source of the checker above, as one script: the server ships it to
 * browsers as code on demand, so a page checks a value with the very code
 * the API runs. Function source is what the runtime holds (Node strips the
 * types to white space), which the code-on-demand tests run in a VM.
 */
export function checkerSource(): string {
  return [describeValue, listInWords, pluralOf, rangeInWords, expectedOf, whereOf, hasType, fitsSchema, problemsOf]
    .map(String)
    .join('\n')
    .replace(/ {2,}(?=[),;\]])/g, '') // the white space Node leaves where types were
    .replace(/ {2,}=/g, ' =')
    .replace(/\) {2,}\{/g, ') {');
}
