/** The driver and the device with their private state, and the kick / call eventfds between them. */
import { memo } from 'react';
import type { Simulation } from '../../model/vqsim/engine';
import type { EventFdState } from '../../model/virtio/eventfd';
import type { SimEvent } from '../../model/vqsim/events';
import type { PointerName, Selection } from './selection';
import type { RingPointers } from './ring-state';

interface KVProps {
  k: string;
  v: React.ReactNode;
  help: string;
  ptr?: PointerName;
  onSelect?: (s: Selection) => void;
  selected?: boolean;
  testid?: string;
}

function KV({ k, v, help, ptr, onSelect, selected, testid }: KVProps) {
  return (
    <div className={`kv${selected ? ' is-selected' : ''}`} title={help}>
      <dt>
        {ptr && onSelect ? (
          <button
            className="link-btn mono"
            onClick={() => onSelect({ t: 'ptr', name: ptr })}
            aria-label={`${k}: inspect its bytes`}
          >
            {k}
          </button>
        ) : (
          <span className="mono">{k}</span>
        )}
      </dt>
      <dd className="mono" data-testid={testid}>
        {v}
      </dd>
    </div>
  );
}

/** Rows for the index pointers: the name opens the pointer's bytes, the row is marked while selected. */
function pointerRows(selection: Selection | null, onSelect: (s: Selection) => void) {
  return (name: PointerName, v: React.ReactNode, help: string, testid?: string) => (
    <KV
      k={name}
      v={v}
      help={help}
      ptr={name}
      onSelect={onSelect}
      selected={selection?.t === 'ptr' && selection.name === name}
      testid={testid}
    />
  );
}

interface SideProps {
  sim: Simulation;
  tick: number;
  pointers: RingPointers;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
}

function DriverPanelImpl({ sim, pointers, selection, onSelect }: SideProps) {
  const d = sim.vq.driver.s;
  const e = sim.engine;
  const row = pointerRows(selection, onSelect);
  const cbOn = sim.vq.driver.callbacksEnabled;
  return (
    <section className="side side-driver" aria-labelledby="drv-h">
      <h2 id="drv-h">
        <span className="side-dot" aria-hidden="true" /> Driver{' '}
        <span className="muted small">guest · Linux virtio_ring</span>
      </h2>
      <p className={`side-state state-${e.driver}`}>
        {e.driver === 'reclaiming' ? 'Reclaiming used chains' : d.broken ? 'Broken (BAD_RING)' : 'Idle'}
      </p>
      <dl className="kvs">
        {row('free_head', d.numFree ? d.freeHead : '—', 'First descriptor on the free list (private)', 'drv-free-head')}
        <KV k="num_free" v={d.numFree} help="Descriptors on the free list" testid="drv-num-free" />
        {row(
          'avail.idx',
          d.availIdxShadow,
          'The driver’s shadow of avail.idx (what it last published)',
          'drv-avail-idx',
        )}
        {row('last_used', d.lastUsed, 'Used entries the driver has reclaimed (private, free-running)', 'drv-last-used')}
        <KV k="num_added" v={d.numAdded} help="Chains added since the last kick decision" />
        <KV k="in flight" v={d.inFlight} help="Chains published and not yet reclaimed" testid="drv-in-flight" />
        {d.held > 0 && <KV k="held" v={d.held} help="Chains kept for recycling (nebula RX)" />}
        <KV
          k="callbacks"
          v={cbOn ? 'on' : 'off'}
          help={
            sim.config.features.eventIdx
              ? 'Interrupts wanted? With EVENT_IDX, used_event says when.'
              : 'Interrupts wanted? Off = NO_INTERRUPT set in avail.flags.'
          }
        />
        {pointers.usedEvent !== null &&
          row('used_event', pointers.usedEvent, 'Interrupt me when used.idx passes this (EVENT_IDX)')}
        <KV k="waiting" v={e.backlog.length} help="Requests that arrived and are not yet added" />
        <KV k="completed" v={e.completed} help="Requests reclaimed so far" testid="drv-completed" />
      </dl>
    </section>
  );
}

function DevicePanelImpl({ sim, pointers, selection, onSelect }: SideProps) {
  const s = sim.vq.device.s;
  const e = sim.engine;
  const row = pointerRows(selection, onSelect);
  const heads = Object.keys(e.chains).map(Number);
  return (
    <section className="side side-device" aria-labelledby="dev-h">
      <h2 id="dev-h">
        <span className="side-dot" aria-hidden="true" /> Device <span className="muted small">host · QEMU-style</span>
      </h2>
      <p className={`side-state state-${s.broken ? 'broken' : e.device}`}>
        {s.broken
          ? 'Broken (NEEDS_RESET)'
          : e.device === 'sleeping'
            ? 'Sleeping until kicked'
            : e.device === 'saturated'
              ? 'Busy: at its parallelism limit'
              : 'Polling the ring'}
      </p>
      <dl className="kvs">
        {row('last_avail', s.lastAvail, 'Entries the device has popped (private, free-running)', 'dev-last-avail')}
        {row('used.idx', s.usedIdx, 'The device’s copy of used.idx (what it last published)', 'dev-used-idx')}
        <KV k="unflushed" v={s.pendingCount} help="Used entries filled but not yet published by a used.idx store" />
        <KV k="in use" v={s.inUse} help="Chains popped and not yet flushed" testid="dev-in-use" />
        <KV
          k="notify"
          v={s.notificationsEnabled ? 'on' : 'off'}
          help={
            sim.config.features.eventIdx
              ? 'Kicks wanted? With EVENT_IDX, avail_event says when.'
              : 'Kicks wanted? Off = NO_NOTIFY set in used.flags.'
          }
        />
        {pointers.availEvent !== null &&
          row('avail_event', pointers.availEvent, 'Kick me when avail.idx passes this (EVENT_IDX)')}
      </dl>
      <div className="held" aria-label="Chains the device is working on">
        <span className="muted small">working on</span>
        {heads.length === 0 ? (
          <span className="muted small"> nothing</span>
        ) : (
          heads.map((h) => (
            <button
              key={h}
              className={`chip chip-device${selection?.t === 'desc' && selection.i === h ? ' is-selected' : ''}`}
              onClick={() => onSelect({ t: 'desc', i: h })}
              aria-label={`Chain with head ${h}, held by the device`}
              title={`Chain ${e.chains[h].descriptors.map((x) => x.index).join('→')}: ${e.chains[h].readableBytes} bytes to read, ${e.chains[h].writableBytes} to write`}
            >
              {h}
            </button>
          ))
        )}
      </div>
    </section>
  );
}

function Tank({
  fd,
  name,
  dir,
  active,
  suppressedNow,
  selected,
  onSelect,
}: {
  fd: EventFdState;
  name: 'kick' | 'call';
  dir: string;
  active: boolean;
  suppressedNow: boolean;
  selected: boolean;
  onSelect?: (s: Selection) => void;
}) {
  const dots = Math.min(fd.counter, 8);
  return (
    <div
      className={`efd${active ? ' is-active' : ''}${suppressedNow ? ' is-suppressed' : ''}${selected ? ' is-selected' : ''}`}
      role="group"
      aria-label={`${name} eventfd (${dir}): counter ${fd.counter}, ${fd.writes} sent, ${fd.wakeups} wake-ups, ${fd.coalesced} coalesced, ${fd.suppressed} suppressed`}
      data-efd={name}
      data-counter={fd.counter}
    >
      <div className="efd-head">
        {onSelect ? (
          <button
            type="button"
            className="efd-name link-btn"
            aria-pressed={selected}
            onClick={() => onSelect({ t: 'efd', name })}
            title={`Inspect the ${name} eventfd: what it costs and what it counted`}
          >
            {name}
          </button>
        ) : (
          <span className="efd-name">{name}</span>
        )}
        <span className="muted small">{dir}</span>
      </div>
      <div
        className="efd-tank"
        title="The eventfd counter: writes add to it, the reader drains it in one read (so several notifications coalesce into one wake-up)"
      >
        {Array.from({ length: 8 }, (_, k) => (
          <span key={k} className={`efd-cell${k < dots ? ' is-full' : ''}`} aria-hidden="true" />
        ))}
        <span className="efd-count mono">{fd.counter}</span>
      </div>
      <div className="efd-stats small">
        <span title="Notifications written">sent {fd.writes}</span>
        <span title="Reads that found the counter non-zero">woke {fd.wakeups}</span>
        <span title="Writes onto a counter already non-zero: merged into one wake-up">coalesced {fd.coalesced}</span>
        <span
          className="efd-supp"
          title="Notifications the sender decided not to send (EVENT_IDX or NO_NOTIFY / NO_INTERRUPT)"
        >
          suppressed {fd.suppressed}
        </span>
      </div>
      {suppressedNow && <span className="efd-badge">suppressed</span>}
    </div>
  );
}

function EventFdsImpl({
  sim,
  current,
  selection = null,
  onSelect,
}: {
  sim: Simulation;
  tick: number;
  current: SimEvent | null;
  selection?: Selection | null;
  onSelect?: (s: Selection) => void;
}) {
  const sel = (n: 'kick' | 'call') => selection?.t === 'efd' && selection.name === n;
  const k = current?.kind;
  const kickActive = k === 'kick' || k === 'device-wake';
  const kickSupp = k === 'kick-suppressed';
  const callActive = (k === 'flush' && current?.data.interrupt === true) || k === 'driver-wake';
  const callSupp = k === 'flush' && current?.data.interrupt === false;
  return (
    <div className="efds">
      <Tank
        fd={sim.vq.kick.s}
        name="kick"
        dir="driver → device"
        active={kickActive}
        suppressedNow={kickSupp}
        selected={sel('kick')}
        onSelect={onSelect}
      />
      <Tank
        fd={sim.vq.call.s}
        name="call"
        dir="device → driver (interrupt)"
        active={callActive}
        suppressedNow={callSupp}
        selected={sel('call')}
        onSelect={onSelect}
      />
    </div>
  );
}

export const DriverPanel = memo(DriverPanelImpl);
export const DevicePanel = memo(DevicePanelImpl);
export const EventFds = memo(EventFdsImpl);
