/**
 * The two event suppression areas, as their bytes say: each side writes one to tell the other
 * when it wants to be notified (ENABLE: always, DISABLE: never, DESC: when the slot in off_wrap,
 * on the lap its top bit names, is reached; DESC needs EVENT_IDX).
 */
import type { EventAreaView } from '../derive';

const MEANING = {
  ENABLE: 'notify me after every batch',
  DISABLE: 'do not notify me',
  DESC: 'notify me when you reach',
  reserved: 'a reserved value',
} as const;

export function EventAreas({ areas }: { areas: EventAreaView[] }) {
  return (
    <div className="pk-events">
      {areas.map((a) => {
        const reader = a.writer === 'driver' ? 'device' : 'driver';
        return (
          <div key={a.writer} className={`pk-event pk-side-${a.writer}`} data-testid={`pk-event-${a.writer}`}>
            <h3>
              {a.writer === 'driver' ? 'Driver' : 'Device'} event area{' '}
              <span className="muted small">
                written by the {a.writer}, read by the {reader}
              </span>
            </h3>
            <p className="mono">
              flags <b data-testid={`pk-event-${a.writer}-flags`}>{a.flagName}</b> · off_wrap 0x
              {a.offWrap.toString(16).padStart(4, '0')} = slot {a.off}, wrap {a.wrap}
            </p>
            <p className="small">
              “{MEANING[a.flagName]}
              {a.flagName === 'DESC' ? ` slot ${a.off} on the lap with wrap counter ${a.wrap}` : ''}”: the{' '}
              {a.writer === 'driver' ? 'device checks it before interrupting' : 'driver checks it before kicking'}.
            </p>
          </div>
        );
      })}
    </div>
  );
}
