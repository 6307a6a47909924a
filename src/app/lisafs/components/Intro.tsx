/** The newcomer's paragraph: what lisafs channels are and what to watch. */
import { IntroBox } from '../../kit/Widgets';
export function LisafsIntro({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <IntroBox open={open} onHide={onToggle} title="New here? What you are looking at" className="intro">
      <p className="lz-intro-text">
        gVisor’s sandbox (the <b>client</b>) asks a separate process, the <b>gofer</b>, to do its file operations, using
        the lisafs protocol. Each RPC either takes a <span className="lz-c-channel">channel</span> — a shared-memory
        window handed back and forth by flipping a <b>state word</b> and waking the other side with a futex, under a
        microsecond per round trip — or, when every channel is taken, the <span className="lz-c-socket">socket</span>,
        one RPC at a time behind a mutex and about sixteen times slower. Free channels sit on a <b>LIFO stack</b>: the
        one just returned is the next one taken, so the same channel stays hot. Channels that fail are never replaced,
        and if the gofer hangs up the <b>watchdog</b> tears everything down. Press <kbd>Space</kbd> to play,{' '}
        <kbd>←</kbd>/<kbd>→</kbd> to step, <kbd>?</kbd> for all keys; click any part of the picture to have it
        explained.
      </p>
    </IntroBox>
  );
}
