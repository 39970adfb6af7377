import BrowserOnly from '@docusaurus/BrowserOnly';
import ErrorBoundary from '@docusaurus/ErrorBoundary';
import {lazy, Suspense, type ComponentType, type ReactNode} from 'react';
import {DemoFailed, DemoLoading} from './DemoFrame/index.tsx';

/**
 * Wraps a demo for the MDX registry: its code is a separate chunk fetched
 * only by pages that use it, it renders only in the browser (demos open
 * sockets), and a titled placeholder stands in while it loads and in the
 * server-rendered HTML. If its code fails to download or it throws while
 * rendering, a notice replaces it and the rest of the page keeps working.
 */
export function lazyDemo<Props extends object>(
  title: string,
  load: () => Promise<{default: ComponentType<Props>}>,
): ComponentType<Props> {
  const Demo = lazy(load);
  function LazyDemo(props: Props): ReactNode {
    return (
      <BrowserOnly fallback={<DemoLoading title={title} />}>
        {() => (
          <ErrorBoundary fallback={({error}) => <DemoFailed title={title} error={error} />}>
            <Suspense fallback={<DemoLoading title={title} />}>
              <Demo {...props} />
            </Suspense>
          </ErrorBoundary>
        )}
      </BrowserOnly>
    );
  }
  LazyDemo.displayName = `LazyDemo(${title})`;
  return LazyDemo;
}
