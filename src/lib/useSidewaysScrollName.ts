import {useEffect, useRef, useState, type RefObject} from 'react';

/**
 * For a box that may be wider inside than it is: while it scrolls sideways, the accessible name `name` gives it
 * (from the element, measured then), and null while it fits. Measured again whenever the box or its first child
 * changes size (a narrower window, a late font). A box that scrolls must be reachable by keyboard (WCAG 2.2
 * §2.1.1): ScrollableTable and Diagram make it a region with this name, in the tab order, while it scrolls.
 */
export function useSidewaysScrollName(
  ref: RefObject<HTMLElement | null>,
  name: (element: HTMLElement) => string,
): string | null {
  const [scrollName, setScrollName] = useState<string | null>(null);
  // The latest `name` without measuring again on each render: callers pass a new function every time.
  const nameRef = useRef(name);
  useEffect(() => {
    nameRef.current = name;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setScrollName(element.scrollWidth > element.clientWidth ? nameRef.current(element) : null);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return scrollName;
}
