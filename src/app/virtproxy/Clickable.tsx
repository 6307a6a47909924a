/** An SVG group that acts as a button: focusable, Enter/Space activate, named for screen readers. */
import type { ReactNode } from 'react';

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
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={label}
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
