/** An on/off setting drawn as a switch, and the two ring features every ring view offers. */

export function Switch({
  label,
  help,
  checked,
  onChange,
}: {
  label: string;
  /** What turning it on does (its tooltip). */
  help: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="switch" title={help}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden="true" />
      <span>{label}</span>
    </label>
  );
}

export interface FeatureFlags {
  eventIdx: boolean;
  indirect: boolean;
}

/** EVENT_IDX and INDIRECT_DESC, with what each means on the kind of ring shown. */
export function FeatureSwitches({
  features,
  onChange,
  ring,
}: {
  features: FeatureFlags;
  onChange: (f: FeatureFlags) => void;
  ring: 'split' | 'packed';
}) {
  return (
    <>
      <Switch
        label="EVENT_IDX"
        help={
          ring === 'split'
            ? 'VIRTIO_RING_F_EVENT_IDX: each side says exactly when it wants to be notified (used_event / avail_event) instead of a yes/no flag'
            : "VIRTIO_RING_F_EVENT_IDX: the event areas may say DESC, 'notify me at this slot on this lap', instead of only on or off"
        }
        checked={features.eventIdx}
        onChange={(eventIdx) => onChange({ ...features, eventIdx })}
      />
      <Switch
        label="INDIRECT_DESC"
        help={
          ring === 'split'
            ? 'VIRTIO_RING_F_INDIRECT_DESC: a multi-buffer request may take one ring descriptor that points at a table elsewhere'
            : 'VIRTIO_RING_F_INDIRECT_DESC: a request of several buffers may take one ring slot that points at a table elsewhere'
        }
        checked={features.indirect}
        onChange={(indirect) => onChange({ ...features, indirect })}
      />
    </>
  );
}
