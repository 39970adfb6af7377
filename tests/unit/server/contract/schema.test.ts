/** The contract's schema builder: the JSON Schema it writes, and what its check says about bad values. */
import {describe, expect, expectTypeOf, it} from 'vitest';
import * as s from '../../../../demo-server/src/contract/schema.ts';

const Point = s.object({x: s.number(), y: s.number(), label: s.optional(s.string({maxLength: 5}))}, {title: 'point'});
const Shape = s.union([
  s.object({kind: s.literal('dot'), at: Point}),
  s.object({kind: s.literal('line'), from: Point, to: Point, width: s.integer({minimum: 1, maximum: 9})}),
]);

const problemsOf = (schema: Parameters<typeof s.check>[0], value: unknown) => {
  const checked = s.check(schema, value, {name: 'The body'});
  return checked.ok ? [] : checked.problems;
};

describe('the schema builder', () => {
  it('writes plain JSON Schema 2020-12, every object closed', () => {
    expect(Point.json).toEqual({
      type: 'object',
      properties: {x: {type: 'number'}, y: {type: 'number'}, label: {type: 'string', maxLength: 5}},
      required: ['x', 'y'],
      additionalProperties: false,
      title: 'point',
    });
    expect(s.tuple([s.string(), s.integer()]).json).toEqual({
      type: 'array',
      prefixItems: [{type: 'string'}, {type: 'integer'}],
      items: false,
      minItems: 2,
    });
    expect(s.nullable(s.boolean()).json).toEqual({anyOf: [{type: 'boolean'}, {type: 'null'}]});
    expect(s.record(s.string(), {names: {pattern: '^a', description: 'a name'}}).json).toEqual({
      type: 'object',
      additionalProperties: {type: 'string'},
      propertyNames: {pattern: '^a', description: 'a name'},
    });
  });

  it('gives the TypeScript type of what it accepts', () => {
    expectTypeOf<s.Infer<typeof Point>>().toEqualTypeOf<{x: number; y: number; label?: string}>();
    expectTypeOf<s.Infer<typeof Shape>>().toHaveProperty('kind').toEqualTypeOf<'dot' | 'line'>();
    expectTypeOf<s.Infer<ReturnType<typeof s.oneOf<['a', 'b']>>>>().toEqualTypeOf<'a' | 'b'>();
  });
});

describe('check', () => {
  it('returns the value itself when it fits', () => {
    const line = {kind: 'line', from: {x: 0, y: 0}, to: {x: 1, y: 1, label: 'end'}, width: 2};
    expect(s.check(Shape, line)).toEqual({ok: true, value: line});
  });

  it('names each problem, where it is and what was there instead', () => {
    expect(problemsOf(Point, {x: '1', label: 'too long'})).toEqual([
      '"x" must be a number; got "1"',
      '"y" must be a number',
      '"label" must be at most 5 characters',
    ]);
    expect(problemsOf(Point, {x: 1, y: 2, z: 3})).toEqual(['"z" is not a field of a point (x, y, label)']);
    expect(problemsOf(Point, [])).toEqual(['The body must be a JSON object with "x" and "y"; got an array']);
  });

  it('picks a union member by its tag and reports that member’s problems', () => {
    expect(problemsOf(Shape, {kind: 'line', from: {x: 0, y: 0}, to: {x: 1, y: 1}, width: 10})).toEqual([
      '"width" must be a whole number from 1 to 9; got 10',
    ]);
    expect(problemsOf(Shape, {kind: 'circle'})).toEqual(['"kind" must be "dot" or "line"; got "circle"']);
    expect(problemsOf(Shape, {kind: 'dot', at: {x: 0, y: null}})).toEqual(['"at.y" must be a number; got null']);
  });

  it('stops at the first bad item, naming items by their title', () => {
    const Tags = s.object({
      tags: s.array(s.string({title: 'tag', pattern: '^[a-z]+$', description: 'lower-case letters'}), {maxItems: 2}),
    });
    expect(problemsOf(Tags, {tags: ['NO', 'also NO']})).toEqual(['each tag must be lower-case letters; got "NO"']);
    expect(problemsOf(Tags, {tags: ['a', 'b', 'c']})).toEqual(['"tags" may hold at most 2 tags']);
    const Grid = s.object({rows: s.array(s.array(s.integer()))});
    expect(problemsOf(Grid, {rows: [[1], [2, 'x']]})).toEqual(['"rows[1][1]" must be a whole number; got "x"']);
  });

  it('answers a hostile value briefly: long strings cut, unknown members counted, not listed', () => {
    const many = Object.fromEntries(Array.from({length: 1000}, (_, i) => [`k${i}`, i]));
    const problems = problemsOf(Point, {x: 1, y: 1, ...many});
    expect(problems).toHaveLength(4);
    expect(problems[3]).toBe('and 997 more fields that a point does not have');
    expect(problemsOf(s.string({pattern: '^a$'}), 'b'.repeat(10_000))[0]).toMatch(/got "b{40}…"$/);
  });

  it('ignores members a newer server may add when reading received data, and parses JSON text', () => {
    expect(s.check(Point, {x: 1, y: 2, extra: true}, {extraMembers: 'ignore'}).ok).toBe(true);
    expect(s.parseJson(Point, '{"x":1,"y":2,"extra":true}')).toEqual({x: 1, y: 2, extra: true});
    expect(s.parseJson(Point, '{"x":1}')).toBeNull();
    expect(s.parseJson(Point, 'not json')).toBeNull();
  });

  it('ships as one self-contained script that checks the same way', () => {
    // The script runs as the worker runs it: as source text, not as an import.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function(
      'schema',
      'value',
      `${s.checkerSource()}\nconst found = []; problemsOf(schema, value, [], 'The body', false, found); return found;`,
    ) as (schema: unknown, value: unknown) => string[];
    const value = {x: '1', label: 'too long'};
    expect(run(Point.json, value)).toEqual(problemsOf(Point, value));
  });
});
