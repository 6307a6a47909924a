/**
 * Opening traces: a file picker, a same-site URL, and drop anywhere on the page. The
 * second slot opens a trace to compare with the first.
 */
import { useId, useState, type FormEvent } from 'react';
import { replayStore, useReplay } from './replayStore';
import { resolveTraceUrl } from './url-state';
import { Switch } from '../kit/Switch';

export function OpenControls({ slot }: { slot: 0 | 1 }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const what = slot === 0 ? 'a trace' : 'a second trace to compare';
  const onUrl = (e: FormEvent) => {
    e.preventDefault();
    if (!url.trim()) return;
    const r = resolveTraceUrl(url.trim(), location.href);
    if ('error' in r) {
      setUrlError(r.error);
      return;
    }
    setUrlError(null);
    void replayStore.getState().open(slot, { kind: 'url', url: r.url }, url.trim(), url.trim());
  };
  return (
    <div className="rp-open" role="group" aria-label={slot === 0 ? 'Open a trace' : 'Open a second trace to compare'}>
      <label className="rp-file-btn">
        <input
          type="file"
          className="sr-only"
          data-testid={`file-${slot}`}
          aria-label={`Choose ${what} file (Ringside JSON lines or QEMU trace log)`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void replayStore.getState().open(slot, { kind: 'file', file: f }, f.name, null);
            e.target.value = '';
          }}
        />
        <span aria-hidden="true">{slot === 0 ? 'Open file…' : 'Compare with file…'}</span>
      </label>
      <form className="rp-url" onSubmit={onUrl}>
        <label htmlFor={`${id}-url`} className="sr-only">
          URL of {what} on this site
        </label>
        <input
          id={`${id}-url`}
          type="text"
          placeholder="/samples/trace.log"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit">{slot === 0 ? 'Open URL' : 'Compare with URL'}</button>
      </form>
      {urlError && (
        <p className="rp-inline-error" role="alert">
          {urlError}
        </p>
      )}
    </div>
  );
}

export function SkipBadLinesSwitch() {
  const on = useReplay((s) => s.skipBadLines);
  return (
    <Switch
      label="skip bad lines"
      help="Count and skip lines that are not valid events instead of stopping at the first one"
      checked={on}
      onChange={(v) => replayStore.getState().setSkipBadLines(v)}
    />
  );
}

/** Drop a file anywhere: on the first slot, or on the second while holding Shift or when one is open. */
export function useDropToOpen(setOver: (v: boolean) => void) {
  return {
    onDragOver: (e: React.DragEvent) => {
      if ([...e.dataTransfer.types].includes('Files')) {
        e.preventDefault();
        setOver(true);
      }
    },
    onDragLeave: (e: React.DragEvent) => {
      if (e.currentTarget === e.target) setOver(false);
    },
    onDrop: (e: React.DragEvent) => {
      e.preventDefault();
      setOver(false);
      const files = [...e.dataTransfer.files];
      if (!files.length) return;
      const st = replayStore.getState();
      if (files.length >= 2) {
        void st.open(0, { kind: 'file', file: files[0] }, files[0].name, null);
        void st.open(1, { kind: 'file', file: files[1] }, files[1].name, null);
        return;
      }
      const slot = st.slots[0].status === 'ready' && e.shiftKey ? 1 : 0;
      void st.open(slot, { kind: 'file', file: files[0] }, files[0].name, null);
    },
  };
}
