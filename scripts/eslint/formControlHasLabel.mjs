/**
 * ESLint rule `otw/form-control-has-label`: every `<select>`, `<textarea>` and `<input>` has a label a screen reader
 * announces with it (WCAG 2.2 §1.3.1, §4.1.2): a `<label htmlFor>` in the same file naming its `id`, a `<label>` around
 * it, or `aria-label` / `aria-labelledby`.
 *
 * jsx-a11y has no rule for this: `label-has-associated-control` checks labels, not controls, and
 * `control-has-associated-label` counts a `<select>`'s options as its label, so an unlabelled `<select>` passes. An
 * `id` and a `htmlFor` match when they are the same literal or the same expression (`{ids.method}`), which is how
 * every form in src/ names them (with `useId()`). A control with spread props is left alone: the spread may label it.
 */

/** Input types whose name comes from elsewhere (`value`, `alt`) or that have none to give. */
const INPUT_TYPES_WITHOUT_LABEL = new Set(['hidden', 'submit', 'reset', 'button', 'image']);
const CONTROLS = new Set(['select', 'textarea', 'input']);

/** @param {any} opening a JSXOpeningElement @returns {string | null} its lower-case tag name, null for a component */
function tagName(opening) {
  return opening.name.type === 'JSXIdentifier' && /^[a-z]/.test(opening.name.name) ? opening.name.name : null;
}

/** @param {any} opening @param {string} name @returns {any} the JSXAttribute `name`, or undefined */
function attribute(opening, name) {
  return opening.attributes.find((attr) => attr.type === 'JSXAttribute' && attr.name.name === name);
}

/** @param {any} attr @returns {boolean} whether the attribute is there with a value that may be non-empty */
function hasValue(attr) {
  if (attr === undefined || attr.value === null) return false;
  return attr.value.type !== 'Literal' || String(attr.value.value).trim() !== '';
}

/** @type {import('eslint').Rule.RuleModule} */
export const formControlHasLabel = {
  meta: {
    type: 'problem',
    docs: {description: 'Require every <select>, <textarea> and <input> to have a label'},
    schema: [],
    messages: {
      noLabel:
        '<{{tag}}> has no label: give it an id named by a <label htmlFor> in this file, put it inside a <label>, or give it aria-label or aria-labelledby.',
    },
  },
  create(context) {
    const {sourceCode} = context;
    /** @param {any} value an attribute's value @returns {string} the same key for the same literal or expression */
    const key = (value) => {
      if (value.type === 'Literal') return JSON.stringify(value.value);
      const expression = value.expression;
      if (expression.type === 'Literal') return JSON.stringify(expression.value);
      return sourceCode.getText(expression);
    };
    const labelled = new Set();
    /** @type {Array<{node: any, tag: string}>} */
    const unlabelled = [];
    return {
      JSXOpeningElement(node) {
        const tag = tagName(node);
        if (tag === 'label') {
          const htmlFor = attribute(node, 'htmlFor');
          if (htmlFor?.value) labelled.add(key(htmlFor.value));
          return;
        }
        if (tag === null || !CONTROLS.has(tag)) return;
        if (node.attributes.some((attr) => attr.type === 'JSXSpreadAttribute')) return;
        const type = attribute(node, 'type');
        if (tag === 'input' && type?.value?.type === 'Literal' && INPUT_TYPES_WITHOUT_LABEL.has(type.value.value)) {
          return;
        }
        if (hasValue(attribute(node, 'aria-label')) || hasValue(attribute(node, 'aria-labelledby'))) return;
        for (let element = node.parent.parent; element; element = element.parent) {
          if (element.type === 'JSXElement' && tagName(element.openingElement) === 'label') return;
        }
        unlabelled.push({node, tag});
      },
      'Program:exit'() {
        for (const {node, tag} of unlabelled) {
          const id = attribute(node, 'id');
          if (id?.value && labelled.has(key(id.value))) continue;
          context.report({node, messageId: 'noLabel', data: {tag}});
        }
      },
    };
  },
};

/** The project's own ESLint rules, as a plugin: `otw/<rule>`. */
export default {meta: {name: 'otw'}, rules: {'form-control-has-label': formControlHasLabel}};
