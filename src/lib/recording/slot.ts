/**
 * Where one demo on a page keeps its recording state: `lazyDemo` gives every demo a slot named after its registry
 * entry, the demo's `useRecordable` fills it with a `RecordingStore` (whose code ships with the demo, not with pages
 * without demos), and DemoFrame reads it to show the replay, export and share controls.
 */
import {createContext} from 'react';
import type {RecordingStore} from './recordingStore.ts';

export interface RecordingSlot {
  /** The demo's name in the MDX registry (`EchoConsole`): recordings and share links are named by it. */
  readonly demo: string;
  store: RecordingStore | null;
}

export const RecordingSlotContext = createContext<RecordingSlot | null>(null);
