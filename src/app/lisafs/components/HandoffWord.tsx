/** The flipcall state word: three values, the current one lit. */
import { HANDOFF_VALUE, type HandoffWord as Word } from '../../../model/lisafs/index';

const WORDS: Word[] = ['client-active', 'server-active', 'shutdown'];

export function HandoffWord({
  channel,
  word,
  selected,
  onSelect,
}: {
  channel: number;
  word: Word;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <button
      className={`lz-word${selected ? ' is-selected' : ''}`}
      onClick={onSelect}
      data-word={word}
      aria-label={`Channel ${channel} state word: ${HANDOFF_VALUE[word]}, ${word}`}
      title="The handoff state word: who owns the window now. Click to inspect."
    >
      {WORDS.map((w) => (
        <span key={w} className={`lz-word-seg w-${w}${w === word ? ' is-on' : ''}`} aria-hidden="true">
          <span className="mono">{HANDOFF_VALUE[w]}</span> {w}
        </span>
      ))}
    </button>
  );
}
