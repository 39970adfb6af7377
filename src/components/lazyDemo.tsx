import ErrorBoundary from '@docusaurus/ErrorBoundary';
import {lazy, startTransition, Suspense, useEffect, useState, type ComponentType, type ReactNode} from 'react';
import {RecordingSlotContext, type RecordingSlot} from '../lib/recording/slot.ts';
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
 *
 * `id` is the demo's name in the registry: its recording slot (see
 * `src/lib/recording/slot.ts`) and share links are named by it.
 */
export function lazyDemo<Props extends object>(
  id: string,
  title: string,
  load: () => Promise<{default: ComponentType<Props>}>,
): ComponentType<Props> {
  const Demo = lazy(load);
  function LazyDemo(props: Props): ReactNode {
    // False in the server render and while hydrating, so that both draw the placeholder.
    const [mounted, setMounted] = useState(false);
    const [slot] = useState<RecordingSlot>(() => ({demo: id, store: null}));
    useEffect(() => startTransition(() => setMounted(true)), []);
    if (!mounted) return <DemoLoading title={title} />;
    return (
      <ErrorBoundary fallback={({error}) => <DemoFailed title={title} error={error} />}>
        <Suspense fallback={<DemoLoading title={title} />}>
          <RecordingSlotContext value={slot}>
            <Demo {...props} />
          </RecordingSlotContext>
        </Suspense>
      </ErrorBoundary>
    );
  }
  LazyDemo.displayName = `LazyDemo(${title})`;
  return LazyDemo;
}
