/**
 * Types for the modules of `@easyops-cn/docusaurus-search-local` that our own search page (src/theme/SearchPage)
 * imports from its client build. The package ships types for its options only; these describe the 0.55 client
 * (dist/client/client/theme/searchByWorker.js, dist/client/client/utils/*.js, dist/client/shared/interfaces.js)
 * as far as the page uses it. Check them against those files when the package is upgraded.
 */
declare module '@easyops-cn/docusaurus-search-local/dist/client/shared/interfaces.js' {
  export enum SearchDocumentType {
    Title = 0,
    Heading = 1,
    Description = 2,
    Keywords = 3,
    Content = 4,
    AskAI = 5,
  }

  /** One entry of the index: a page title, a heading, a description, keywords or a paragraph of content. */
  export interface SearchDocument {
    /** Id, unique in the index. */
    i: number;
    /** Text: the title, the heading or the paragraph. */
    t: string;
    /** URL of the page. */
    u: string;
    /** `#anchor` of the heading, if any. */
    h?: string;
    /** Id of the page the entry belongs to (not on titles). */
    p?: number;
    /** Breadcrumb (titles only). */
    b?: string[];
    /** Title of the section the content is in. */
    s?: string;
  }

  /** lunr's match data: for each matched term, for each field, where it matched as [start, length] pairs. */
  export type MatchMetadata = Record<string, Record<string, {position: [number, number][]}>>;

  export interface SearchResult {
    document: SearchDocument;
    type: SearchDocumentType;
    /** The page a heading or content entry belongs to; `false` for titles. */
    page: SearchDocument | false | undefined;
    metadata: MatchMetadata;
    /** The query's words, lower-case, longest first. */
    tokens: string[];
    score: number;
  }
}

declare module '@easyops-cn/docusaurus-search-local/dist/client/client/theme/searchByWorker.js' {
  import type {SearchResult} from '@easyops-cn/docusaurus-search-local/dist/client/shared/interfaces.js';

  /** Has the search worker fetch and load the index under `baseUrl` (once; later calls reuse it). */
  export function fetchIndexesByWorker(baseUrl: string, searchContext: string): Promise<void>;
  /** Searches the index for `input`; at most `limit` results, best first. Always `[]` in development. */
  export function searchByWorker(
    baseUrl: string,
    searchContext: string,
    input: string,
    limit: number,
  ): Promise<SearchResult[]>;
}

declare module '@easyops-cn/docusaurus-search-local/dist/client/client/utils/highlight.js' {
  /** `content` as HTML (escaped), with each of `tokens` found in it wrapped in `<mark>`. */
  export function highlight(content: string, tokens: string[], forceMatched?: boolean): string;
}

declare module '@easyops-cn/docusaurus-search-local/dist/client/client/utils/highlightStemmed.js' {
  /** `content` as HTML (escaped), cut to about `maxLength` characters around the matches at `positions`, marked. */
  export function highlightStemmed(
    content: string,
    positions: [number, number][],
    tokens: string[],
    maxLength?: number,
  ): string;
}

declare module '@easyops-cn/docusaurus-search-local/dist/client/client/utils/getStemmedPositions.js' {
  import type {MatchMetadata} from '@easyops-cn/docusaurus-search-local/dist/client/shared/interfaces.js';

  /** Where the matches of `metadata` are in `field`, as [start, length] pairs in order. */
  export function getStemmedPositions(metadata: MatchMetadata, field: string): [number, number][];
}

declare module '@easyops-cn/docusaurus-search-local/dist/client/client/utils/concatDocumentPath.js' {
  /** A breadcrumb as one line of text. */
  export function concatDocumentPath(pathItems: string[]): string;
}
