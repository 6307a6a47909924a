/** Knobs more than one lesson offers. */
import type { Knob } from './types';

/** A feature the reader negotiates or not (EVENT_IDX, INDIRECT_DESC…): off or on, in that order. */
export function featureKnob(id: string, label: string, help: string, initial: 'off' | 'on' = 'off'): Knob {
  return {
    id,
    label,
    help,
    options: [
      { value: 'off', label: 'off' },
      { value: 'on', label: 'on' },
    ],
    initial,
  };
}
