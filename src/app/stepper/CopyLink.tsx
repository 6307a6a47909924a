/** Copies a permalink: the view's path plus its query string reproduces exactly what is shown. */
import { useState } from 'react';

export function CopyLink({ search }: { search: () => string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      className="ghost-btn"
      onClick={() => {
        const url = location.origin + location.pathname + search();
        navigator.clipboard?.writeText(url).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => undefined,
        );
      }}
      title="Copy a link that reproduces exactly this view"
    >
      {copied ? 'Link copied ✓' : 'Copy link'}
    </button>
  );
}
