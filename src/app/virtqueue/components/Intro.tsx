/** The newcomer's intro to the virtqueue view (the shortcuts dialog is the kit's, see keyboard.ts). */
import { IntroBox } from '../../kit/Widgets';

export function Intro({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <IntroBox open={open} onHide={onToggle} title="New to virtqueues? What you are looking at" className="intro">
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
    </IntroBox>
  );
}
