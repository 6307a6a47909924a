/** The page's replay store, backed by one Web Worker per open trace. */
import { useStore } from 'zustand';
import { TraceWorker } from './client';
import { createReplayStore, type ReplayState } from './store';

export const replayStore = createReplayStore((onProgress, onPrefix) => new TraceWorker(onProgress, onPrefix));

export function useReplay<T>(selector: (s: ReplayState) => T): T {
  return useStore(replayStore, selector);
}
