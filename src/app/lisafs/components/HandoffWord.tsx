/** The flipcall state word: three values, the current one lit. */
import { Fragment } from 'react';
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
      title="The handoff state word: who owns the window now. Click to inspect."
    >
      {/* Named by what it shows, all three values (WCAG 2.5.3), then which one is set. */}
      <span className="sr-only">Channel {channel} state word: </span>
      {WORDS.map((w) => (
        <Fragment key={w}>
          <span className={`lz-word-seg w-${w}${w === word ? ' is-on' : ''}`}>
            <span className="mono">{HANDOFF_VALUE[w]}</span> {w}
          </span>{' '}
        </Fragment>
      ))}
      <span className="sr-only">
        ; now {HANDOFF_VALUE[word]}, {word}
      </span>
    </button>
  );
}
