/**
 * The free descriptors as a strip of chips: the driver's free list in order from free_head
 * when it is known (a live model), or just the free set by index (a replayed trace, which
 * does not record the driver's private order).
 */
import type { OwnerMap } from './owners';
import type { Selection } from './selection';

export function FreeList({
  owners,
  onSelect,
  selection,
  orderKnown,
}: {
  owners: OwnerMap;
  onSelect: (s: Selection) => void;
  selection: Selection | null;
  orderKnown: boolean;
}) {
  const shown = owners.freeList.slice(0, 24);
  const rest = owners.freeList.length - shown.length;
  if (!orderKnown) {
    return (
      <div
        className="freelist"
        aria-label={`Free descriptors: ${owners.freeList.length} (the trace does not record the free list's order)`}
        role="group"
      >
        <span className="muted" title="The driver's free-list order is private state a trace does not record">
          free, by index:
        </span>
        {shown.length === 0 && <span className="muted">none — every descriptor is in use</span>}
        {shown.map((i) => (
          <button
            key={i}
            className={`chip chip-free${selection?.t === 'desc' && selection.i === i ? ' is-selected' : ''}`}
            onClick={() => onSelect({ t: 'desc', i })}
            aria-label={`Free descriptor ${i}`}
          >
            {i}
          </button>
        ))}
        {rest > 0 && <span className="muted fl-more">… {rest} more</span>}
      </div>
    );
  }
  return (
    <div
      className="freelist"
      aria-label={`Free list from free_head: ${owners.freeList.length} descriptors`}
      role="group"
    >
      <button
        className={`chip chip-ptr${selection?.t === 'ptr' && selection.name === 'free_head' ? ' is-selected' : ''}`}
        onClick={() => onSelect({ t: 'ptr', name: 'free_head' })}
        title="free_head: the driver’s private pointer to the first free descriptor. Click to inspect."
      >
        free_head
      </button>
      {shown.length === 0 && <span className="muted">empty — every descriptor is in use</span>}
      {shown.map((i, k) => (
        <span key={`${k}-${i}`} className="fl-item">
          <span className="fl-arrow" aria-hidden="true">
            →
          </span>
          <button
            className={`chip chip-free${selection?.t === 'desc' && selection.i === i ? ' is-selected' : ''}`}
            onClick={() => onSelect({ t: 'desc', i })}
            aria-label={`Free descriptor ${i}, position ${k} on the free list`}
            title={`Descriptor ${i}: position ${k} on the free list`}
          >
            {i}
          </button>
        </span>
      ))}
      {rest > 0 && <span className="muted fl-more">→ … {rest} more</span>}
    </div>
  );
}
