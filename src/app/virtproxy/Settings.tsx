/** Buffer and channel sizes. Changed ones are marked; Reset brings back the scenario's. */
import { type KnobField, KnobPanel } from '../kit/KnobPanel';
import { effectiveKnobs, VP_LIMITS, type VpKnobs, type VpSpec } from './spec';

const FIELDS: KnobField<keyof VpKnobs>[] = [
  {
    key: 'sockBufBytes',
    label: 'Socket buffer',
    unit: 'B',
    help: 'Every process socket buffer, each way. In credit mode also the buf_alloc each endpoint advertises: the most its peer may have in flight.',
  },
  {
    key: 'lanePackets',
    label: 'Channel',
    unit: 'packets',
    help: 'How many 64-byte packets the channel (or each port) buffers in each direction before the multiplexer must wait.',
  },
  {
    key: 'chunkMaxBytes',
    label: 'Max read chunk',
    unit: 'B',
    help: 'A read from the byte stream returns between 1 and this many bytes: partial packets are normal, and the reader reassembles them.',
  },
];

export function Settings({
  spec,
  error,
  onChange,
}: {
  spec: VpSpec;
  error: string | null;
  onChange: (o: Partial<VpKnobs>) => void;
}) {
  return (
    <KnobPanel
      title="Sizes"
      className="vp-settings"
      fields={FIELDS}
      values={effectiveKnobs(spec)}
      limits={VP_LIMITS}
      overrides={spec.overrides}
      error={error}
      onChange={onChange}
      resetTitle="Use the scenario’s own sizes again"
    />
  );
}
