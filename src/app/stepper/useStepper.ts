/** React bindings: subscribe a component to a stepper store (re-render on every move). */
import { useStore } from 'zustand';
import type { Seekable } from './timeline';
import type { StepperState, StepperStore } from './store';

export function useStepper<Spec, Run extends Seekable, T>(store: StepperStore<Spec, Run>, pick: (s: StepperState<Spec, Run>) => T): T {
  return useStore(store, pick);
}
