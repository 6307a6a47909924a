/** Whether a view's introduction is shown; remembered per view so returning visitors are not nagged. */
import { useCallback, useState } from 'react';

export function useIntro(key: string): [boolean, () => void] {
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem(key) !== 'hidden';
    } catch {
      return true;
    }
  });
  const toggle = useCallback(() => {
    setOpen((v) => {
      try {
        localStorage.setItem(key, v ? 'hidden' : 'shown');
      } catch {
        /* storage may be unavailable (private mode); the toggle still works for this visit */
      }
      return !v;
    });
  }, [key]);
  return [open, toggle];
}
