/**
 * native-bridge imports the host's model and trace code as workspace packages: @ringside/model and
 * @ringside/trace are symlinks in node_modules to src/model and src/trace. The host's own code
 * (src/cli, src/bench) reaches the same files by relative paths. Both must load one module
 * instance, or an error thrown on one side fails `instanceof` on the other (src/bench/hangup.ts
 * checks `instanceof DeviceFailedError` on errors from the vhost-user port). Climbing imports
 * into ../src are refused by Biome (noRestrictedImports in biome.jsonc); here the host files are
 * reached by URL on purpose, as the host's code reaches them.
 */
import { DeviceFailedError } from '@ringside/model/compare/port.ts';
import { RingError } from '@ringside/model/virtio/errors.ts';
import { RingsideTraceIndex } from '@ringside/trace/replay/ringside-index.ts';
import { describe, expect, it } from 'vitest';

/** A file of the host's src/ (the repository root is two levels up), as a URL. */
const host = (path: string) => new URL(`src/${path}`, new URL('../../', import.meta.url)).href;

describe('the @ringside workspace packages are the host source, not copies', () => {
  it('@ringside/model/… is the same module instance as src/model/… by path', async () => {
    const port = await import(/* @vite-ignore */ host('model/compare/port.ts'));
    const errors = await import(/* @vite-ignore */ host('model/virtio/errors.ts'));
    expect(port.DeviceFailedError).toBe(DeviceFailedError);
    expect(errors.RingError).toBe(RingError);
  });

  it('@ringside/trace/… is the same module instance as src/trace/… by path', async () => {
    const index = await import(/* @vite-ignore */ host('trace/replay/ringside-index.ts'));
    expect(index.RingsideTraceIndex).toBe(RingsideTraceIndex);
  });
});
