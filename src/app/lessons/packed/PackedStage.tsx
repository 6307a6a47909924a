/**
 * The packed ring as a lesson shows it: the /packed view's slot cards, both sides' positions and
 * the event areas, drawn from the lesson's run, with one slot ringed to watch. Clicking a slot
 * opens its bytes in the inspector below.
 */
import { EventAreas } from '../../packed/components/EventAreas';
import { SidesPanel } from '../../packed/components/SidesPanel';
import { SlotGrid } from '../../packed/components/SlotGrid';
import { SlotInspector } from '../../packed/components/SlotInspector';
import { eventAreas, pointers, slotViews } from '../../packed/derive';
import type { PackedLessonRun } from './packed-run';
import { usePickedHere } from '../stage-view';

export type PackedPart = 'ring' | 'sides' | 'events';

export function PackedStage({
  run,
  position,
  parts,
  watch = null,
}: {
  run: PackedLessonRun;
  position: number;
  parts: readonly PackedPart[];
  watch?: number | null;
}) {
  const [selected, setSelected] = usePickedHere<number>(position);
  const slots = slotViews(run.sim);
  const sel = selected === null ? null : slots[selected];
  return (
    <div className="pk-stage" data-testid="pk-stage">
      {parts.includes('ring') && (
        <SlotGrid
          slots={slots}
          pointers={pointers(run.sim)}
          selected={sel ? sel.slot : null}
          onSelect={setSelected}
          watched={watch}
        />
      )}
      {parts.includes('sides') && <SidesPanel sim={run.sim} />}
      {parts.includes('events') && <EventAreas areas={eventAreas(run.sim)} />}
      {sel && <SlotInspector sim={run.sim} slot={sel} onClear={() => setSelected(null)} />}
    </div>
  );
}
