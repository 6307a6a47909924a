/**
 * Pieces every lesson stage view shares: the "Watch:" line that says where to look, and a pick
 * (a clicked slot, channel, read…) that is explained until the run moves, after which the step's
 * own highlight is back.
 */
import { useState } from 'react';

export function StageWatch({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <p className="stage-watch" data-testid="watch">
      <b>Watch:</b> {text}
    </p>
  );
}

/** What the reader clicked at `position`, or null once the run has moved on. */
export function usePickedHere<T>(position: number): [T | null, (value: T | null) => void] {
  const [picked, setPicked] = useState<{ at: number; value: T } | null>(null);
  const value = picked && picked.at === position ? picked.value : null;
  const pick = (v: T | null) => setPicked(v === null ? null : { at: position, value: v });
  return [value, pick];
}
