/**
 * The search page (`/search?q=…`), in place of the one `@easyops-cn/docusaurus-search-local` ships. Theirs puts the
 * results straight into the layout, without a `main` landmark, which every other page has and a screen-reader user
 * jumps to; it cannot be wrapped, because it renders the layout itself. This is their page (0.55) with the content
 * in `main`, the count of results said politely to screen readers as the query changes, no autofocus (a reader who
 * followed "See all results" lands at the top of the page like on any other page), and without what this site
 * does not use (search contexts, docs versions, highlighting on the target page). The search itself is theirs:
 * the same worker and index as the navbar's search bar, fetched when this page opens.
 */
import React, {useEffect, useMemo, useState, type ChangeEvent, type ReactNode} from 'react';
import Head from '@docusaurus/Head';
import Link from '@docusaurus/Link';
import {useHistory, useLocation} from '@docusaurus/router';
import {translate} from '@docusaurus/Translate';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import useIsBrowser from '@docusaurus/useIsBrowser';
import {usePluralForm} from '@docusaurus/theme-common';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import {
  fetchIndexesByWorker,
  searchByWorker,
} from '@easyops-cn/docusaurus-search-local/dist/client/client/theme/searchByWorker.js';
import {
  SearchDocumentType,
  type SearchResult,
} from '@easyops-cn/docusaurus-search-local/dist/client/shared/interfaces.js';
import {highlight} from '@easyops-cn/docusaurus-search-local/dist/client/client/utils/highlight.js';
import {highlightStemmed} from '@easyops-cn/docusaurus-search-local/dist/client/client/utils/highlightStemmed.js';
import {getStemmedPositions} from '@easyops-cn/docusaurus-search-local/dist/client/client/utils/getStemmedPositions.js';
import {concatDocumentPath} from '@easyops-cn/docusaurus-search-local/dist/client/client/utils/concatDocumentPath.js';
import styles from './styles.module.css';

/** The query's parameter in the page's address, as the plugin's search bar writes it ("See all results"). */
const QUERY_PARAMETER = 'q';
/** Results listed at most, as in the plugin's page. */
const RESULT_LIMIT = 100;
/** Characters of a paragraph shown around its match. */
const SUMMARY_LENGTH = 100;
/** No search contexts are configured: the one index covers docs and blog. */
const SEARCH_CONTEXT = '';

/**
 * The query in the address (`?q=`), and a way to change it there without a new history entry. The page is
 * pre-rendered without a query, so the query is empty until the page has hydrated (else React finds other text).
 */
function useQueryInAddress(): [string, (query: string) => void] {
  const isBrowser = useIsBrowser();
  const location = useLocation();
  const history = useHistory();
  const query = isBrowser ? (new URLSearchParams(location.search).get(QUERY_PARAMETER) ?? '') : '';
  const setQuery = (next: string) => {
    const parameters = new URLSearchParams(location.search);
    if (next) parameters.set(QUERY_PARAMETER, next);
    else parameters.delete(QUERY_PARAMETER);
    history.replace({search: parameters.toString()});
  };
  return [query, setQuery];
}

export default function SearchPage(): ReactNode {
  const {
    siteConfig: {baseUrl},
  } = useDocusaurusContext();
  const {selectMessage} = usePluralForm();
  // The query lives in the address alone: the box shows it, typing rewrites it, a link to ?q=… sets it.
  const [query, setQuery] = useQueryInAddress();
  const [found, setFound] = useState<{query: string; results: SearchResult[]} | undefined>(undefined);
  const [indexReady, setIndexReady] = useState(false);
  const results = query && found?.query === query ? found.results : undefined;

  useEffect(() => {
    let current = true;
    void fetchIndexesByWorker(baseUrl, SEARCH_CONTEXT).then(() => {
      if (current) setIndexReady(true);
    });
    return () => {
      current = false;
    };
  }, [baseUrl]);

  useEffect(() => {
    if (!query) return undefined;
    let current = true;
    void searchByWorker(baseUrl, SEARCH_CONTEXT, query, RESULT_LIMIT).then((results) => {
      if (current) setFound({query, results});
    });
    return () => {
      current = false;
    };
  }, [query, baseUrl]);

  const title = useMemo(
    () =>
      query
        ? translate(
            {
              id: 'theme.SearchPage.existingResultsTitle',
              message: 'Search results for "{query}"',
              description: 'The search page title for non-empty query',
            },
            {query},
          )
        : translate({
            id: 'theme.SearchPage.emptyResultsTitle',
            message: 'Search the documentation',
            description: 'The search page title for empty query',
          }),
    [query],
  );

  const count =
    results === undefined
      ? ''
      : results.length > 0
        ? selectMessage(
            results.length,
            translate(
              {
                id: 'theme.SearchPage.documentsFound.plurals',
                message: '1 document found|{count} documents found',
                description: 'Pluralized label for "{count} documents found"',
              },
              {count: results.length},
            ),
          )
        : translate({
            id: 'theme.SearchPage.noResultsText',
            message: 'No documents were found',
            description: 'The paragraph for empty search result',
          });

  return (
    <Layout>
      <Head>
        {/* A page of results is not content: search engines should follow its links but not list it. */}
        <meta name="robots" content="noindex, follow" />
        <title>{title}</title>
      </Head>
      <main className="container margin-vert--lg">
        <Heading as="h1">{title}</Heading>
        <input
          type="search"
          name={QUERY_PARAMETER}
          className={styles.queryInput}
          aria-label={translate({
            id: 'theme.SearchBar.label',
            message: 'Search',
            description: 'The ARIA label and placeholder for search button',
          })}
          value={query}
          autoComplete="off"
          onChange={(event: ChangeEvent<HTMLInputElement>) => setQuery(event.target.value)}
        />
        {/* Said when it changes, so a reader typing here hears how many results there are without leaving the field. */}
        <p role="status" className={styles.count}>
          {query && !indexReady
            ? translate({id: 'otw.SearchPage.loading', message: 'Loading the search index…'})
            : count}
        </p>
        {results !== undefined && results.length > 0 && (
          <section aria-label={translate({id: 'otw.SearchPage.results', message: 'Results'})}>
            {results.map((result) => (
              <Result key={result.document.i} result={result} />
            ))}
          </section>
        )}
      </main>
    </Layout>
  );
}

/** One result: the page or section as a link with the query's words marked, where it is, and the matching text. */
function Result({result: {document, type, page, tokens, metadata}}: {result: SearchResult}): ReactNode {
  const isTitle = type === SearchDocumentType.Title;
  const isDescriptionOrKeywords = type === SearchDocumentType.Description || type === SearchDocumentType.Keywords;
  const isContent = type === SearchDocumentType.Content;
  const linkText = isContent || isDescriptionOrKeywords ? (document.s ?? '') : document.t;
  const pathItems = [...((isTitle ? document.b : page ? page.b : undefined) ?? [])];
  if (!isTitle && !isDescriptionOrKeywords && page) pathItems.push(page.t);
  return (
    <article className={styles.result}>
      <Heading as="h2" className={styles.resultTitle}>
        <Link
          to={document.u + (document.h ?? '')}
          // The plugin's highlighters escape the indexed text and add only <mark> elements.
          dangerouslySetInnerHTML={{
            __html:
              isContent || isDescriptionOrKeywords
                ? highlight(linkText, tokens)
                : highlightStemmed(linkText, getStemmedPositions(metadata, 't'), tokens, SUMMARY_LENGTH),
          }}
        />
      </Heading>
      {pathItems.length > 0 && <p className={styles.resultPath}>{concatDocumentPath(pathItems)}</p>}
      {(isContent || type === SearchDocumentType.Description) && (
        <p
          className={styles.resultSummary}
          dangerouslySetInnerHTML={{
            __html: highlightStemmed(document.t, getStemmedPositions(metadata, 't'), tokens, SUMMARY_LENGTH),
          }}
        />
      )}
    </article>
  );
}
