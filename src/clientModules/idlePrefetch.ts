/**
 * Client module: prefetches linked pages while the browser is idle rather than in one long task
 * (src/lib/idlePrefetch.ts). Client modules run before Docusaurus's entry sets `window.docusaurus`, in the same
 * task, so this waits for the end of that task; the object is read-only, so it is replaced, not changed. Links
 * read `window.docusaurus.prefetch` each time they call it.
 */
import ExecutionEnvironment from '@docusaurus/ExecutionEnvironment';
import {deferPrefetch} from '@site/src/lib/idlePrefetch';

if (ExecutionEnvironment.canUseDOM) {
  queueMicrotask(() => {
    window.docusaurus = {...window.docusaurus, prefetch: deferPrefetch(window.docusaurus.prefetch)};
  });
}
