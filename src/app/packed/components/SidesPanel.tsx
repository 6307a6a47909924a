/** Both sides' private positions and counts: what each keeps in its own memory, not in the ring. */
import type { PackedSim } from '../../../model/packed/sim';

function Row({ name, value, help, testId }: { name: string; value: string | number; help: string; testId: string }) {
  return (
    <div className="pk-row" title={help}>
      <dt className="mono">{name}</dt>
      <dd className="mono" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export function SidesPanel({ sim }: { sim: PackedSim }) {
  const d = sim.q.driver.s;
  const v = sim.q.device.s;
  return (
    <div className="pk-sides">
      <section className="pk-side pk-side-driver" aria-labelledby="pk-drv-h">
        <h3 id="pk-drv-h">Driver (guest)</h3>
        <dl>
          <Row
            name="next_avail"
            value={`${d.nextAvail} · wrap ${d.availWrap}`}
            help="The slot the driver writes its next descriptor into, and its wrap counter: a new descriptor gets AVAIL = this counter and USED = its inverse"
            testId="pk-next-avail"
          />
          <Row
            name="last_used"
            value={`${d.lastUsed} · wrap ${d.usedWrap}`}
            help="The slot where the driver looks for the next used descriptor: used once AVAIL and USED both equal this wrap counter"
            testId="pk-last-used"
          />
          <Row
            name="num_free"
            value={d.numFree}
            help="Free slots, which is also the number of free buffer ids"
            testId="pk-num-free"
          />
          <Row
            name="in flight"
            value={d.inFlight}
            help="Buffers made available and not yet reclaimed"
            testId="pk-in-flight"
          />
        </dl>
      </section>
      <section className="pk-side pk-side-device" aria-labelledby="pk-dev-h">
        <h3 id="pk-dev-h">Device (host)</h3>
        <dl>
          <Row
            name="last_avail"
            value={`${v.lastAvail} · wrap ${v.lastAvailWrap}`}
            help="The slot the device reads next, and the wrap counter it expects there: available once AVAIL equals it and USED does not"
            testId="pk-last-avail"
          />
          <Row
            name="used_idx"
            value={`${v.usedIdx} · wrap ${v.usedWrap}`}
            help="Where the device writes its next used descriptor; it writes AVAIL = USED = this wrap counter"
            testId="pk-used-idx"
          />
          <Row
            name="in use"
            value={v.inUse}
            help="Ring slots the device has read and not yet returned"
            testId="pk-in-use"
          />
          <Row
            name="wants kicks"
            value={v.notification ? 'yes' : 'no'}
            help="Whether the device has notifications on (QEMU vq->notification): off while it is awake and reading"
            testId="pk-notification"
          />
        </dl>
      </section>
    </div>
  );
}
