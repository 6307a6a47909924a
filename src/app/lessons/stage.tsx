/**
 * A step's `Stage` from a stage view (VqStage, PgStage, PoolStage…) and what the step passes it
 * besides the run and the position: fixed props, or props computed from the step's state (a
 * range to outline where the run stands). Steps then say only what to show, not how to wire it.
 */
import type { ReactNode } from 'react';
import type { LessonRun, StepState } from './types';

type RunProps = { run: LessonRun; position: number };
// biome-ignore lint/suspicious/noExplicitAny: any stage view; its own props type is read back below
type StageView = (props: any) => ReactNode;
type PropsOf<V extends StageView> = Parameters<V>[0] & RunProps;
/** What a step passes a stage view besides the run and the position. */
type Extra<V extends StageView> = Omit<PropsOf<V>, 'run' | 'position'>;
type State<V extends StageView> = StepState<PropsOf<V>['run']>;

/** The stage view with fixed props. */
export function stage<V extends StageView>(View: V, props?: Extra<V>) {
  return stageWith(View)(() => props ?? ({} as Extra<V>));
}

/**
 * The stage view with props computed from where the run stands: `stageWith(View)((s) => props)`.
 * Curried so that TypeScript fixes the view's props type before it reads the props function
 * (in one call it widens `['a', 'b']` to `string[]` and rejects a union-typed `parts`).
 */
export function stageWith<V extends StageView>(View: V) {
  return (props: (s: State<V>) => Extra<V>) =>
    function StepStage(s: State<V>): ReactNode {
      const all = { ...props(s), run: s.run, position: s.position } as PropsOf<V>;
      return <View {...all} />;
    };
}
