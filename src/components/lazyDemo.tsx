import ErrorBoundary from '@docusaurus/ErrorBoundary';
import {lazy, startTransition, Suspense, useEffect, useState, type ComponentType, type ReactNode} from 'react';
import {DemoFailed, DemoLoading} from './DemoFrame/index.tsx';

/**
 * Wraps a demo for the MDX registry: its code is a separate chunk fetched
 * only by pages that use it, it renders only in the browser (demos open
 * sockets), and a titled placeholder stands in while it loads and in the
 * server-rendered HTML. If its code fails to download or it throws while
 * rendering, a notice replaces it and the rest of the page keeps working.
 *
 * The demo replaces its placeholder in a transition, once the page has come
 * alive: React then builds it in slices of a few milliseconds, between which
 * the browser can paint and answer the reader, instead of in one long task
 * (Docusaurus's BrowserOnly swaps at the page's first update after hydration,
 * which React runs in one go for every demo and code block on the page).
 */
export function lazyDemo<Props extends object>(
  title: string,
  load: () => Promise<{default: ComponentType<Props>}>,
): ComponentType<Props> {
  const Demo = lazy(load);
  function LazyDemo(props: Props): ReactNode {
    // False in the server render and while hydrating, so that both draw the placeholder.
    const [mounted, setMounted] = useState(false);
    useEffect(() => startTransition(() => setMounted(true)), []);
    if (!mounted) return <DemoLoading title={title} />;
    return (
      <ErrorBoundary fallback={({error}) => <DemoFailed title={title} error={error} />}>
        <Suspense fallback={<DemoLoading title={title} />}>
          <Demo {...props} />
        </Suspense>
      </ErrorBoundary>
    );
  }
  LazyDemo.displayName = `LazyDemo(${title})`;
  return LazyDemo;
}
