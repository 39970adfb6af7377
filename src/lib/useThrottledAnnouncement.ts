/**
 * Text for a polite live region that changes at most once per `everyMs`, so
 * a streaming demo tells a screen reader how it is going without reading out
 * every event.
 */
import {useEffect, useRef, useState} from 'react';

export function useThrottledAnnouncement(text: string, everyMs = 10_000): string {
  const [announced, setAnnounced] = useState('');
  const latest = useRef(text);
  useEffect(() => {
    latest.current = text;
  });
  useEffect(() => {
    const timer = setInterval(() => setAnnounced(latest.current), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return announced;
}
