/**
 * The notice a view shows when its link asked for something it could not do: which parameters
 * were refused and why, dismissible. The address is rewritten once to what the view shows, so
 * the bar no longer carries the bad text and a copied link reproduces the page.
 */
import { useEffect, useState } from 'react';

export function LinkNotice({ refused, search }: { refused: readonly string[]; search: () => string }) {
  const [open, setOpen] = useState(refused.length > 0);
  const n = refused.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on the first render of the view
  useEffect(() => {
    if (n > 0) history.replaceState(history.state, '', `${location.pathname}${search()}${location.hash}`);
  }, []);
  if (!open || n === 0) return null;
  return (
    <p className="link-notice" role="status" data-testid="refused">
      <span>
        {n === 1 ? 'One value in the link was' : `${n} values in the link were`} refused, and defaults are shown
        instead: {refused.join('; ')}. The address now says what is shown.
      </span>
      <button type="button" className="ghost-btn" onClick={() => setOpen(false)} aria-label="Dismiss this notice">
        Dismiss
      </button>
    </p>
  );
}
