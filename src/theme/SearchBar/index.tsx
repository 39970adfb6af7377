/**
 * The navbar's search bar from `@easyops-cn/docusaurus-search-local`, with its dropdown's roles put right. The
 * plugin's autocomplete (autocomplete.js) makes the whole dropdown the `listbox` and points the search box at it
 * with `aria-owns`; but the dropdown also holds the "See all results" link, which a listbox may not contain (only
 * options), and a combobox must name what it controls with `aria-controls` (WAI-ARIA 1.2, the combobox role). Once the
 * autocomplete exists (it is made when the index has loaded), the list of options inside the dropdown becomes the
 * listbox, and the search box controls it. autocomplete.js finds its parts by class, never by role, so it carries on
 * as before: it still moves `aria-selected` and `aria-activedescendant` over the same options.
 */
import React, {useEffect, useRef, type ComponentProps, type ReactNode} from 'react';
import SearchBar from '@theme-original/SearchBar';
import {translate} from '@docusaurus/Translate';

type Props = ComponentProps<typeof SearchBar>;

/**
 * Gives the listbox role to the dropdown's list of options, if it has one: autocomplete.js makes the list anew for each
 * query, so this runs after each change. The dropdown loses the role and the search box its `aria-owns` the first time;
 * the search box then controls the list while there is one, else the (empty) dropdown.
 */
function fixRoles(container: HTMLElement, listLabel: string): void {
  const input = container.querySelector<HTMLInputElement>('input[role="combobox"]');
  if (!input) return;
  const dropdownId = input.dataset.popup ?? input.getAttribute('aria-owns');
  if (!dropdownId) return;
  input.dataset.popup = dropdownId;
  input.removeAttribute('aria-owns');
  const dropdown = container.ownerDocument.getElementById(dropdownId);
  if (!dropdown) return;
  dropdown.removeAttribute('role');
  // The dropdown holds one dataset (a div): the span of options autocomplete.js fills, and the footer's link.
  const list = [...dropdown.querySelectorAll<HTMLElement>(':scope > div > span')].find(
    (span) => span.querySelector(':scope > [role="option"]') !== null,
  );
  if (list) {
    list.id = `${dropdownId}-options`;
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', listLabel);
  }
  input.setAttribute('aria-controls', list ? list.id : dropdownId);
  // "See all results" links to /search/?q=…, a path this site (trailingSlash: false) does not have outside the
  // single-page app: opened in a new tab or copied, it would be a 404. The plugin follows it in the app, by its own
  // click handler, whatever the href says.
  for (const link of dropdown.querySelectorAll<HTMLAnchorElement>('a[href*="/search/?"]')) {
    link.setAttribute('href', link.getAttribute('href')?.replace('/search/?', '/search?') ?? '');
  }
}

export default function SearchBarWithRoles(props: Props): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const listLabel = translate({id: 'otw.SearchBar.results', message: 'Search results'});
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    fixRoles(element, listLabel);
    // The autocomplete is made, and made again after a search context changes, after a render of ours: watch.
    const observer = new MutationObserver(() => fixRoles(element, listLabel));
    observer.observe(element, {childList: true, subtree: true});
    return () => observer.disconnect();
  }, [listLabel]);
  return (
    // `display: contents`: the wrapper adds no box, so the navbar lays out the search bar as before.
    <div ref={container} style={{display: 'contents'}}>
      <SearchBar {...props} />
    </div>
  );
}
