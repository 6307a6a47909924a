/** The transport's icons, the same in every view. */
export function Icon({ d }: { d: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}
export const I_START = 'M2 2h2v10H2zM12 2v10L5 7z';
export const I_BACK = 'M11 2v10L4 7z';
export const I_FWD = 'M3 2v10l7-5z';
export const I_END = 'M10 2h2v10h-2zM2 2v10l7-5z';
export const I_PLAY = 'M3 1.5v11l9.5-5.5z';
export const I_PAUSE = 'M3 2h3v10H3zM8 2h3v10H8z';
