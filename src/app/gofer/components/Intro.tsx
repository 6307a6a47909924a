/** The newcomer's paragraph: what a path walk costs and why the designs differ. */
import { IntroBox } from '../../kit/Widgets';
export function GoferIntro({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <IntroBox open={open} onHide={onToggle} title="New here? What you are looking at" className="intro">
      <p className="lz-intro-text">
        In gVisor the sandbox cannot open host files itself; it asks the <b>gofer</b>. To{' '}
        <code>stat("/foo/bar/baz")</code> it must walk the path one component at a time, and every question it cannot
        answer from its <b>dentry cache</b> is a round trip (an <b>RPC</b>). The three columns run the same operations
        through three generations of the client: <b>VFS1</b>, which asks separately for every permission check and
        revalidation; <b>VFS2 over 9P</b>, which fuses them into one walk-and-getattr per component; and <b>lisafs</b>,
        which checks a whole cached path in one <code>WalkStat</code>. The <b>interop mode</b> says how far the cache
        may be trusted: in Exclusive mode changes made on the host behind the sandbox’s back can go unseen. Press{' '}
        <kbd>Space</kbd> to play, <kbd>←</kbd>/<kbd>→</kbd> to step, <kbd>?</kbd> for keys; click an arrow or a dentry
        to have it explained.
      </p>
    </IntroBox>
  );
}
