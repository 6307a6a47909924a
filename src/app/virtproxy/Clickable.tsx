/**
 * An SVG group that acts as a button: focusable, Enter/Space activate, named for screen readers.
 *
 * Its accessible name starts with the words drawn inside it (WCAG 2.5.3: a speech-input user says
 * what they see), then the longer `label`. The drawn words are read back from the group's own
 * <text> elements after each render rather than passed in, so the name cannot drift from the
 * picture when a caller changes what it draws.
 */
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';

/**
 * Goes between two drawn words inside a Clickable, as a sibling of their <text> (or of the groups
 * holding them). SVG draws no text that sits outside a <text>, but accessible-name computation
 * joins sibling elements' text as it finds it: without this, "mux" and "packs" read as "muxpacks".
 * A space inside a <text> would not do; name computation trims each element's own text.
 */
export const WORD_GAP = ' ';

/** The words drawn in an SVG subtree, in document order, one space between <text> elements. */
export function drawnText(g: Element): string {
  return Array.from(g.querySelectorAll('text'))
    .map((t) => (t.textContent ?? '').trim())
    .filter((t) => t !== '')
    .join(' ');
}

/** `drawn — label`, or the label alone when nothing is drawn or the label already says it. */
export function nameWithDrawn(drawn: string, label: string): string {
  if (drawn === '' || label.startsWith(drawn)) return label;
  return `${drawn} — ${label}`;
}

export function Clickable({
  label,
  onActivate,
  children,
  className,
  testId,
}: {
  label: string;
  onActivate: () => void;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<SVGGElement>(null);
  const [drawn, setDrawn] = useState('');
  // No dependency list on purpose: the children can change without `label` changing.
  useLayoutEffect(() => {
    const now = ref.current ? drawnText(ref.current) : '';
    if (now !== drawn) setDrawn(now);
  });
  return (
    <g
      ref={ref}
      role="button"
      tabIndex={0}
      aria-label={nameWithDrawn(drawn, label)}
      className={`vp-click${className ? ` ${className}` : ''}`}
      data-testid={testId}
      onClick={onActivate}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          onActivate();
        }
      }}
    >
      {children}
    </g>
  );
}
