import type {ReactNode} from 'react';
import {useThrottledAnnouncement} from '../../lib/useThrottledAnnouncement.ts';

type Props = {
  /** What a screen reader says when it changes; '' says nothing. Never shown: the page already shows it. */
  children: string;
  /**
   * For text fed by a stream of events: say the latest text at most once per this many milliseconds (`true`: the
   * usual ten seconds), so a reader hears how the demo is going rather than every event. Without it, every change
   * is said.
   */
  throttle?: boolean | number;
  /**
   * `status` only for the region that says a demo's connection status (DemoFrame's), which tests and assistive
   * technology find by that role; a demo's own regions have none, so a demo never holds two statuses.
   */
  role?: 'status';
};

/**
 * The polite live region a demo uses to tell screen-reader users what just happened, without moving focus:
 * visually hidden, polite (it waits until the reader is done speaking) and atomic (the whole sentence is read, not
 * only the number that changed). Render it before its text arrives and keep it mounted: most screen readers ignore
 * a region that appears already filled.
 */
export default function LiveRegion({children, throttle = false, role}: Props): ReactNode {
  return throttle === false ? (
    <Region role={role}>{children}</Region>
  ) : (
    <ThrottledRegion role={role} everyMs={throttle === true ? undefined : throttle}>
      {children}
    </ThrottledRegion>
  );
}

function Region({children, role}: {children: string; role: Props['role']}): ReactNode {
  return (
    <p className="sr-only" role={role} aria-live="polite" aria-atomic="true">
      {children}
    </p>
  );
}

function ThrottledRegion({
  children,
  role,
  everyMs,
}: {
  children: string;
  role: Props['role'];
  /** undefined: useThrottledAnnouncement's default. */
  everyMs: number | undefined;
}): ReactNode {
  return <Region role={role}>{useThrottledAnnouncement(children, everyMs)}</Region>;
}
