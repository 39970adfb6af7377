import {Linter, RuleTester} from 'eslint';
import tseslint from 'typescript-eslint';
import {describe, expect, it} from 'vitest';
import config from '../../../../eslint.config.mjs';
import {formControlHasLabel} from '../../../../scripts/eslint/formControlHasLabel.mjs';

const jsx = {parserOptions: {ecmaFeatures: {jsx: true}}};

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

new RuleTester({languageOptions: jsx}).run('otw/form-control-has-label', formControlHasLabel, {
  valid: [
    // As the demos label their controls: a useId() id named by a <label htmlFor> before or after it.
    '<form><label htmlFor={ids.method}>Method</label><select id={ids.method}><option>GET</option></select></form>',
    '<p><textarea id={bodyId} /><label htmlFor={bodyId}>Body</label></p>',
    '<p><label htmlFor="m">Message</label><input id={"m"} /></p>',
    '<label>Each held for <select value={ms}>{options}</select></label>',
    '<label><input type="checkbox" /> Binary</label>',
    '<select aria-label="Close code"><option>1000</option></select>',
    '<p><span id="l">Path</span><input aria-labelledby="l" /></p>',
    '<input type="submit" value="Send" />',
    '<input type="hidden" name="session" />',
    '<select {...props} />',
    '<Select id="x" />',
  ],
  invalid: [
    {code: '<select value={code}><option>1000</option></select>', errors: [{messageId: 'noLabel'}]},
    {code: '<p><label htmlFor={a}>A</label><select id={b} /></p>', errors: [{messageId: 'noLabel'}]},
    {code: '<textarea aria-label="" />', errors: [{messageId: 'noLabel'}]},
    {code: '<p>Message <input type="text" /></p>', errors: [{messageId: 'noLabel'}]},
  ],
});

/**
 * The two controls an accessibility review found after they had passed every check, linted with the rules
 * eslint.config.mjs gives src/ (its type-aware TypeScript rules aside: these need no types).
 */
describe('the site’s lint rules', () => {
  // typescript-eslint's config type and ESLint's describe the same objects, with plugin types that do not line up.
  const site = config.find((block) => block.files?.includes('src/**/*.{ts,tsx}')) as Linter.Config | undefined;
  const linter = new Linter({configType: 'flat'});
  const lint = (code: string) =>
    linter
      .verify(
        code,
        [{...site, files: ['**/*.tsx'], languageOptions: {...site?.languageOptions, parser: tseslint.parser}}],
        {
          filename: 'src/components/Example/index.tsx',
        },
      )
      .map((message) => message.ruleId ?? message.message);

  it('refuse a button with no accessible name, and pass one that has one', () => {
    expect(
      lint('export const A = () => <button type="button" onClick={f}><svg><path d="M0 0" /></svg></button>;'),
    ).toEqual(['jsx-a11y/control-has-associated-label']);
    expect(lint('export const A = () => <button type="button" aria-label="Clear the log" onClick={f} />;')).toEqual([]);
  });

  it('refuse a <select> without a label, and pass one with a <label htmlFor>', () => {
    expect(lint('export const A = () => <select value={v} onChange={f}><option>1</option></select>;')).toEqual([
      'otw/form-control-has-label',
    ]);
    expect(
      lint(
        'export const A = () => <><label htmlFor={id}>Requests</label><select id={id} value={v} onChange={f}><option>1</option></select></>;',
      ),
    ).toEqual([]);
  });
});
