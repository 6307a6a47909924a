/** The shortcuts dialog (every shortcut, from the same table the handler uses) and the newcomer's intro. */
import { HelpDialog as SharedHelpDialog } from '../../shared/HelpDialog';
import { SHORTCUTS } from '../keyboard';
import { OWNER_HELP, OWNER_LABEL, OWNERS } from '../../rings/owners';

export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <SharedHelpDialog
      open={open}
      onClose={onClose}
      headingId="help-h"
      shortcuts={SHORTCUTS}
      note="In the descriptor table and on a ring, ↑ and ↓ move between rows or slots; Enter inspects. On a big ring (drawn as one picture) Page Up/Down jump 1/64 of the ring, Home/End go to the first/last slot and N to the newest entry. Tab reaches every control."
    >
      <h3>Colours</h3>
      <ul className="legend legend-col">
        {OWNERS.map((o) => (
          <li key={o} className={`legend-item own-${o}`}>
            <span className="swatch" aria-hidden="true" />
            <span>
              <b>{OWNER_LABEL[o]}</b> — {OWNER_HELP[o]}
            </span>
          </li>
        ))}
      </ul>
    </SharedHelpDialog>
  );
}

export function Intro({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  if (!open) return null;
  return (
    <section className="intro" aria-labelledby="intro-h">
      <header className="panel-head">
        <h2 id="intro-h">New to virtqueues? What you are looking at</h2>
        <button className="link-btn" onClick={onToggle} aria-label="Hide the introduction (I)">
          hide
        </button>
      </header>
      <ol className="intro-steps">
        <li>
          <b>A virtqueue</b> is how a guest’s <span className="c-driver">driver</span> and a host’s{' '}
          <span className="c-device">device</span> pass buffers through shared memory, without copying and without a
          system call per buffer.
        </li>
        <li>
          The driver writes buffer addresses into <b>descriptors</b> (the table, bottom left), links them into a{' '}
          <b>chain</b>, and puts the chain’s head in the <b>available ring</b>, then moves <code>avail.idx</code>.
        </li>
        <li>
          It may <b>kick</b> the device (an eventfd). The device pops chains (<code>last_avail</code> follows{' '}
          <code>avail.idx</code>), does the work, and returns each head in the <b>used ring</b>, moving{' '}
          <code>used.idx</code>.
        </li>
        <li>
          It may <b>interrupt</b> the driver (the call eventfd), which reclaims chains (<code>last_used</code> follows{' '}
          <code>used.idx</code>) and puts their descriptors back on the <b>free list</b>.
        </li>
        <li>
          Watch the colours move round: <span className="c-free">free</span> → <span className="c-driver">avail</span> →{' '}
          <span className="c-device">device</span> → <span className="c-used">used</span> → free. Press <kbd>Space</kbd>{' '}
          to play, <kbd>←</kbd>/<kbd>→</kbd> to step, <kbd>?</kbd> for all keys; click anything to inspect its bytes.
        </li>
      </ol>
    </section>
  );
}
