/** The downloaded validator and the API's own check must agree on every note. */
import {runInNewContext} from 'node:vm';
import {describe, expect, it} from 'vitest';
import {checkNoteInput} from '../../../../demo-server/src/api/notes.ts';
import {NOTE_VALIDATOR_SOURCE} from '../../../../demo-server/src/routes/code.ts';

/** Runs the shipped script as a worker would: a `self` whose onmessage it sets, and postMessage back. */
function validator(): (note: unknown) => string[] {
  const posted: {problems: string[]}[] = [];
  const self: {onmessage?: (event: {data: unknown}) => void; postMessage: (m: {problems: string[]}) => void} = {
    postMessage: (message) => posted.push(message),
  };
  runInNewContext(NOTE_VALIDATOR_SOURCE, {self});
  return (note) => {
    self.onmessage?.({data: {id: 1, note}});
    return posted.pop()?.problems ?? ['no answer'];
  };
}

describe('the code-on-demand note validator', () => {
  const check = validator();
  const notes: unknown[] = [
    {title: 'Fine', body: ''},
    {title: 'Tagged', body: 'b', tags: ['a', 'b-2']},
    {title: '', body: 'x'},
    {title: 'x'.repeat(201), body: ''},
    {title: 't', body: 'x'.repeat(4001)},
    {title: 't', body: 3},
    {title: 't', body: '', colour: 'red'},
    {title: 't', body: '', tags: 'a'},
    {title: 't', body: '', tags: ['Bad Tag']},
    {title: 't', body: '', tags: Array.from({length: 11}, (_, i) => `t${i}`)},
    {title: 't', body: '', tags: ['x'.repeat(5000)]},
    {title: 't', body: '', tags: [[[['deep']]]]},
    {title: 't', body: '', tags: [{}, null, 3]},
    {title: 't', body: '', a: 1, b: 2, c: 3, d: 4, e: 5},
    null,
    [],
  ];
  it.each(notes.map((note) => [JSON.stringify(note).slice(0, 40), note]))('agrees with the API on %s', (_, note) => {
    const api = checkNoteInput(note);
    const shipped = check(note);
    if (api.ok) expect(shipped).toEqual([]);
    else expect(shipped.length).toBeGreaterThan(0);
    // For an object, the reader sees the very sentences the server would answer.
    if (!api.ok && typeof note === 'object' && note !== null && !Array.isArray(note)) {
      expect(shipped).toEqual(api.problems);
    }
  });

  it('names a bad value in a few words, however long or deep it is', () => {
    const long = checkNoteInput({title: 't', body: '', tags: ['x'.repeat(5000)]});
    expect(long.ok ? '' : long.problems.join()).toMatch(/got "x{40}…"$/);
    const deep = checkNoteInput({title: 't', body: '', tags: [[[['deep']]]]});
    expect(deep.ok ? '' : deep.problems.join()).toMatch(/got an array$/);
    const unknown = checkNoteInput({title: 't', body: '', a: 1, b: 2, c: 3, d: 4, e: 5});
    expect(unknown.ok ? [] : unknown.problems).toEqual([
      '"a" is not a field of a note (title, body, tags)',
      '"b" is not a field of a note (title, body, tags)',
      '"c" is not a field of a note (title, body, tags)',
      'and 2 more fields that a note does not have',
    ]);
  });
});
